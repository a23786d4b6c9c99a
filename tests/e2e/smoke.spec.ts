// Smoke test of the release build: the editor loads, shows both profiles (one at a time, chosen
// with the profile switch), stays on its own origin, works under a sub-path, passes axe, and how
// fast it paints.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, recordFigures } from './fixtures';
import { openPage } from './helpers';
import { subPathURL } from '../ports';

const PROFILES = ['Domain Profile', 'Standard Profile'];

/** Each profile's fourteen settings are reachable from the profile switch. */
async function expectBothProfiles(page: Page) {
  for (const name of PROFILES) {
    await page.getByRole('group', { name: 'Profile' }).getByRole('radio', { name }).check();
    const region = page.getByRole('region', { name });
    await expect(region).toBeVisible();
    await expect(region.getByRole('radio', { name: 'Not configured' })).toHaveCount(14);
  }
}

test('the editor loads with both profiles', async ({ page, watch }, testInfo) => {
  await page.goto('./');

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(watch.requests.length, 'the page made requests').toBeGreaterThan(0);

  const timing = await page.evaluate(() => {
    const paint = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? -1;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      'first-paint ms': paint('first-paint'),
      'first-contentful-paint ms': paint('first-contentful-paint'),
      'editor ready ms': paint('fwpolicy-ready'),
      'DOMContentLoaded ms': nav.domContentLoadedEventEnd,
      'load ms': nav.loadEventEnd,
      'requests': performance.getEntriesByType('resource').length + 1,
    };
  });
  expect(timing['first-contentful-paint ms'], 'the browser reported no first contentful paint').toBeGreaterThan(0);
  expect(timing['editor ready ms'], 'the editor never marked itself ready').toBeGreaterThan(0);
  console.log(`first paint ${timing['first-paint ms'].toFixed(0)} ms, first contentful paint ${timing['first-contentful-paint ms'].toFixed(0)} ms, editor ready ${timing['editor ready ms'].toFixed(0)} ms`);
  recordFigures(testInfo, 'first-paint', timing);
  await expectBothProfiles(page);
  const shot = testInfo.outputPath('home-full-page.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('home, full page', { path: shot, contentType: 'image/png' });
});

test('the build works when hosted under a sub-path', async ({ page }) => {
  await page.goto(subPathURL);

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectBothProfiles(page);
  // The modules loaded on first use are found next to the page too: the Rollout view.
  await openPage(page, 'Rollout');
  await expect(page.getByRole('region', { name: 'Result' }).getByText(/of 250 clients protected/)).toBeVisible();
});

test('the page has no WCAG 2.1 A/AA violations that axe can find', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();

  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`);
  expect(violations).toEqual([]);
});
