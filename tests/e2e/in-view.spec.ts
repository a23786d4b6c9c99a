// Issue 13, item 1: the app bar (title, pages, profile, Undo/Redo, pending changes, Problems)
// and the status line stay in view at every scroll position and width; actions land at the
// top of the page they open; Esc closes popovers.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { applyPreset, openPage, ready, SBS } from './helpers';

async function inViewport(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1;
  });
}

for (const [label, size] of [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test(`${label}: the app bar and the status line stay in view, and a preset lands at the top of Settings`, async ({ page }) => {
    await page.setViewportSize(size);
    await ready(page);
    await applyPreset(page, SBS);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeInViewport();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    for (const sel of ['#undo-button', '#status-text', 'details.pending summary', 'details.problems summary', '#current-profile']) {
      expect(await inViewport(page, sel), `${sel} in view after scrolling to the bottom`).toBe(true);
    }
    await expect(page.locator('#current-profile')).toHaveText(/Domain Profile/);
    await expect(page.locator('#status-text')).toContainText('Started from the preset');
  });
}

test('Esc closes the pending-changes and problems popovers', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  for (const sel of ['details.pending', 'details.problems']) {
    await page.locator(`${sel} summary`).click();
    await expect(page.locator(sel)).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(page.locator(sel)).not.toHaveAttribute('open', '');
    await expect(page.locator(`${sel} summary`)).toBeFocused();
  }
});

test('a page switch focuses the page heading', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Exceptions');
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeFocused();
  await openPage(page, 'Export');
  await expect(page.getByRole('heading', { level: 1, name: 'Export' })).toBeFocused();
});

// Issue 13, item 7: Copy is offered for text formats only and says what it copies; the page
// says before the download that a Registry.pol replaces the GPO's Administrative Templates.
test('the Export page copies text only, and warns before a Registry.pol download', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  await expect(page.locator('#export-notes')).toContainText('replaces every Administrative Templates computer setting of that GPO');
  await expect(page.getByRole('button', { name: /^Download Registry\.pol/ })).toBeVisible();
  await expect(page.locator('#export-copy')).toHaveCount(0);
  await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^LGPO text/ }).check();
  await expect(page.getByRole('button', { name: 'Copy the text of lgpo.txt' })).toBeVisible();
});

// Issue 13, item 10: state glitches.
test('undoing an import brings the old title back, and a first visit has no changes yet', async ({ page }) => {
  await ready(page);
  await expect(page.locator('details.pending summary')).toHaveText('No changes yet');
  const title = page.getByLabel('Project title');
  await title.fill('Branch office');
  await title.press('Enter');
  await applyPreset(page, SBS);
  await expect(title).toHaveValue(SBS);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(title).toHaveValue('Branch office');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(title).toHaveValue(SBS);
});

test('an invalid scope typed in Settings is kept with its error when the page is left', async ({ page }) => {
  await ready(page);
  const group = page.getByRole('group', { name: /^Scope of / }).first();
  await group.getByRole('radio', { name: 'Custom list' }).check();
  await group.getByLabel('Addresses and subnets').fill('10.0.0.300');
  await expect(group.getByText(/10\.0\.0\.300 is not an IPv4 address/)).toBeVisible();
  await openPage(page, 'Exceptions');
  await openPage(page, 'Settings');
  const again = page.getByRole('group', { name: /^Scope of / }).first();
  await expect(again.getByLabel('Addresses and subnets')).toHaveValue('10.0.0.300');
  await expect(again.getByText(/10\.0\.0\.300 is not an IPv4 address/)).toBeVisible();
});

// Issue 13, item 9: on a phone the exceptions table shows every column, one stacked card a row.
test('phone: an exception row shows port, protocol, scope, name and its actions', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await ready(page);
  await openPage(page, 'Exceptions');
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('8443');
  await form.getByLabel('Name').fill('Admin portal');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  const row = table.getByRole('row', { name: /Admin portal/ });
  for (const cls of ['col-port', 'col-transport', 'col-scope', 'col-name', 'col-status', 'col-actions']) {
    const cell = row.locator(`td.${cls}`);
    await expect(cell, cls).toBeVisible();
    const box = await cell.boundingBox();
    expect(box && box.width > 20 && box.x + box.width <= 391, `${cls} inside the screen`).toBe(true);
  }
  await expect(row.locator('td.col-transport')).toHaveText('TCP');
  await expect(row.getByRole('button', { name: 'Edit Admin portal' })).toBeVisible();
});
