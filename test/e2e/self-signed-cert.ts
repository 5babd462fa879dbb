export * from '../stand-ins/self-signed-cert'; // kept for suites written before the move
