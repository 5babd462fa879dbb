export * from './support/extension-browser'; // kept for suites written before the move
