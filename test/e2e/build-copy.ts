export * from './support/build-copy'; // kept for suites written before the move
