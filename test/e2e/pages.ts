export * from './page-objects/compat'; // kept for suites written before the move
