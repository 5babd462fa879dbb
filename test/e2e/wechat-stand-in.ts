export * from '../stand-ins/wechat-stand-in'; // kept for suites written before the move
