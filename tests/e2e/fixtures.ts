// Shared fixtures for every spec: import `test` and `expect` from here, not from
// '@playwright/test'. Each test then fails on any console error, uncaught page error or
// request to an origin other than the page's own, without having to ask for it.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a page did while a test ran. */
export class PageWatch {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly requests: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.pageErrors.push(String(err)));
    page.on('request', (req) => this.requests.push(req.url()));
  }

  /** Requests that left the page's own origin (data: and blob: URLs never leave the page). */
  foreignRequests(): string[] {
    const own = new URL(this.page.url()).origin;
    return this.requests.filter((url) => {
      const u = new URL(url);
      return u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== own;
    });
  }
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: [
    async ({ page }, use) => {
      const watch = new PageWatch(page);
      await use(watch);
      expect(watch.pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(watch.consoleErrors, 'console errors').toEqual([]);
      expect(watch.foreignRequests(), 'requests to another origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Records figures for the `cargo xtask test` summary: a flat JSON object of numbers in
 * test-results/figures/<name>.json (keys without ',' or ':').
 */
export function recordFigures(testInfo: TestInfo, name: string, figures: Record<string, number>) {
  const dir = path.join(testInfo.project.outputDir, 'figures');
  fs.mkdirSync(dir, { recursive: true });
  const rounded = Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [key, Math.round(value * 10) / 10]),
  );
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(rounded, null, 2) + '\n');
}
