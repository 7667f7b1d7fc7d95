import { defineConfig } from 'vitest/config';

// Browser tests of the web app (`npm run test:e2e`): they build the app, start the real server
// and drive the system Chromium (/usr/bin/chromium). Not part of `npm test`.
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
