// Accessibility of every view (axe: no serious or critical violation), keyboard-only use,
// themes, and the edit-latency figure with 10,000 exceptions.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, recordFigures } from './fixtures';
import { applyPreset, golden, openPage, ready, shot } from './helpers';

const VIEWS = ['Settings', 'Exceptions', 'Exposure', 'Presets', 'Import', 'Export', 'Compare', 'Resultant', 'Rollout'];

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

test('no serious or critical axe violation on any view, light and dark', async ({ page }, testInfo) => {
  await ready(page);
  await applyPreset(page, 'Windows Small Business Server 2003 update for Windows XP SP2');
  // The Resultant view with two GPOs merged (its order list and table).
  await openPage(page, 'Resultant');
  await page.locator('#resultant-files').setInputFiles([
    { name: 'Laptops.pol', mimeType: 'application/octet-stream', buffer: golden('locked-down-laptop', 'Registry.pol') },
    { name: 'Remote Desktop.pol', mimeType: 'application/octet-stream', buffer: golden('remote-desktop-admins', 'Registry.pol') },
  ]);
  await expect(page.locator('#resultant-table')).toBeVisible();
  for (const name of VIEWS) {
    await openPage(page, name);
    expect(await seriousViolations(page), `${name} (light)`).toEqual([]);
  }
  // The row-by-row paste preview.
  await openPage(page, 'Import');
  await page.getByLabel('Text to import').fill('Port 9514 TCP Agent\n9515 UDP Agent events\n1024-65535 TCP random');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('dialog', { name: 'Paste preview: row by row' })).toBeVisible();
  expect(await seriousViolations(page), 'row-by-row paste preview').toEqual([]);
  await page.keyboard.press('Escape');
  // The import preview dialog.
  await openPage(page, 'Import');
  await page.getByLabel('Text to import').fill('80:TCP:*:enabled:Web\n70000:TCP:*:enabled:Bad');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('dialog', { name: 'Paste preview' })).toBeVisible();
  expect(await seriousViolations(page), 'paste preview dialog').toEqual([]);
  await shot(page, testInfo, 'import-dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Paste preview' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Preview import' })).toBeFocused();

  // Dark theme, chosen with the toggle (System → Light → Dark).
  const toggle = page.getByRole('button', { name: /Colour theme/ });
  await toggle.click();
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  for (const name of VIEWS) {
    await openPage(page, name);
    expect(await seriousViolations(page), `${name} (dark)`).toEqual([]);
  }
  await openPage(page, 'Settings');
  await shot(page, testInfo, 'settings-dark');
});

test('keyboard only: set a policy, add an exception, undo', async ({ page }) => {
  await ready(page);
  // Skip link first.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const enabled = page
    .getByRole('group', { name: 'Windows Firewall: Protect all network connections' })
    .getByRole('radio', { name: 'Not configured' });
  await enabled.focus();
  await page.keyboard.press('ArrowRight'); // radio group: moves to Enabled and selects it
  await expect(
    page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).getByRole('radio', { name: 'Enabled' }),
  ).toBeChecked();
  await expect(page.getByText('1 change not exported')).toBeVisible();

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Exceptions', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').focus();
  await page.keyboard.type('3389');
  await page.keyboard.press('Tab'); // protocol
  await page.keyboard.press('Tab'); // name
  await page.keyboard.type('Remote Desktop');
  await page.keyboard.press('Enter'); // submits the form
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  await expect(table.getByRole('row', { name: /Remote Desktop/ })).toBeVisible();
  // The focus ring is visible on the focused control.
  await page.getByRole('button', { name: 'Undo' }).focus();
  const outline = await page.getByRole('button', { name: 'Undo' }).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('row', { name: /Remote Desktop/ })).toHaveCount(0);
});

test('one edit in a 10,000-exception policy updates the page within a frame', async ({ page }, testInfo) => {
  await ready(page, './?bench#exceptions');
  await page.waitForFunction(() => (window as unknown as { fwpolicyBench?: unknown }).fwpolicyBench !== undefined);
  const loadMs = await page.evaluate(() => (window as any).fwpolicyBench.load(10000));
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  await expect(page.getByText('10000 of 10000 shown')).toBeVisible();
  // Only the visible rows are in the DOM.
  const rendered = await table.getByRole('row').count();
  expect(rendered).toBeLessThan(60);
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    times.push(await page.evaluate(() => (window as any).fwpolicyBench.edit()));
  }
  times.sort((a, b) => a - b);
  const median = times[10];
  const worst = times[times.length - 1];
  // Scrolling deep into the list shows the right rows.
  await table.evaluate((el) => (el.scrollTop = 5000 * 40));
  await expect(table.getByRole('row', { name: /Service 05000/ })).toBeVisible();
  console.log(`edit latency with 10,000 exceptions: median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms; load ${loadMs.toFixed(0)} ms; ${rendered} rows in the DOM`);
  recordFigures(testInfo, 'edit-latency', {
    'edit median ms': median,
    'edit worst ms': worst,
    'load 10000 ms': loadMs,
    'rows in DOM': rendered,
  });
  expect(median, 'median edit + frame').toBeLessThan(16);
  await shot(page, testInfo, 'exceptions-10000');
});
