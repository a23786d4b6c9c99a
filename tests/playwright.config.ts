// Playwright runs the browser end-to-end tests in tests/e2e against the release build in
// ../dist (run `cargo xtask test`, which builds it first). It never downloads a browser: it
// drives Debian's Chromium, and all traffic stays on 127.0.0.1. The site is served by
// serve.mjs, compressed with brotli as static hosts serve it.
import { defineConfig } from '@playwright/test';
import { port, rootURL, subPathPort, subPathURL } from './ports';

const chromium = process.env.FWPOLICY_CHROMIUM ?? '/usr/bin/chromium';
const serve = (p: number, directory: string, url: string) => ({
  command: `node serve.mjs --port ${p} --root ${directory}`,
  url,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: 'ignore' as const,
  stderr: 'ignore' as const,
});

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  forbidOnly: true,
  retries: 0,
  // Two cores shared with the rest of the build: one browser at a time keeps timings honest.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: rootURL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    serve(port, '../dist', `${rootURL}index.html`),
    serve(subPathPort, '..', `${subPathURL}index.html`),
  ],
});
