export * from '../stand-ins/token-server'; // kept for suites written before the move
