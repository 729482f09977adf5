// End-to-end tests against the release build (scripts/test.sh builds it into
// target/e2e-dist). Playwright drives the system Chromium; it never downloads a browser.
import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';

const dist = process.env.E2E_DIST || resolve(import.meta.dirname, '../../target/e2e-dist');
const port = Number(process.env.E2E_PORT || 8091);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  timeout: 60_000,
  // Shared 2-core machines: give assertions room, never retry (a flaky test must be fixed).
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../target/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node serve.mjs "${dist}" ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
