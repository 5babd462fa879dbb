export * from '../stand-ins/account-server'; // kept for suites written before the move
