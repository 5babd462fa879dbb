export * from './support/fixtures'; // kept for suites written before the move
