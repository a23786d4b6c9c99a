// Issue 13 items 5 and 8: Problems in plain words that jump to what they are about, and a
// report a reviewer can sign.
import { test, expect } from './fixtures';
import { addPort, applyPreset, download, openPage, ready, SBS } from './helpers';

test('Problems speak in sentences, count what they list, and an entry jumps to its row', async ({ page }) => {
  await ready(page);
  await addPort(page, '8443', 'Console');
  await addPort(page, '8443', 'Console again');
  const summary = page.locator('details.problems summary');
  await summary.click();
  const entries = page.locator('.problem-list > li');
  const n = await entries.count();
  expect(n).toBeGreaterThan(0);
  await expect(summary).toContainText(`Problems: ${n}`);
  for (let i = 0; i < n; i++) {
    const text = (await entries.nth(i).innerText()).split('\n')[0];
    expect(text, 'a sentence first, no code in brackets').not.toMatch(/\w+\[[a-z-]+\]/);
  }
  const duplicate = entries.filter({ hasText: /8443/ }).first();
  await expect(duplicate).toBeVisible();
  await expect(duplicate.locator('.problem-details')).toContainText('Define port exceptions');
  await page.keyboard.press('Escape');
  await expect(page.locator('details.problems')).not.toHaveAttribute('open', '');
  await openPage(page, 'Settings');
  await summary.click();
  await duplicate.getByRole('button').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeVisible();
  await expect(page.locator('details.problems')).not.toHaveAttribute('open', '');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('id', /domain-.*-row-\d+-edit/);
});

test('the report names when it was made, the Registry.pol hash and what changed since the last export', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  await download(page, /^Registry\.pol/);
  await addPort(page, '8443', 'Admin portal');
  await openPage(page, 'Export');
  await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^Report \(Markdown/ }).check();
  const preview = page.getByLabel('Contents of report.md');
  await expect(preview).toContainText('## Sign-off summary');
  await expect(preview).toContainText(/\| Generated \| \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \|/);
  await expect(preview).toContainText(/SHA-256 of Registry\.pol \| [0-9a-f]{64}/);
  await expect(preview).toContainText('8443');
  await expect(preview).not.toContainText('No earlier export recorded');
  await expect(preview).toContainText('### Reviewer');
});
