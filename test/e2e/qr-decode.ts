export * from './support/qr-decode'; // kept for suites written before the move
