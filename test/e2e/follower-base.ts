export * from '../stand-ins/follower-base'; // kept for suites written before the move
