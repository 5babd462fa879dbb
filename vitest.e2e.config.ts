import { defineConfig } from 'vitest/config';

// Chromium tests against the built extension (.output/chrome-mv3): run after `npm run build`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
