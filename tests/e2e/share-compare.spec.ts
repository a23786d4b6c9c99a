// Issue 15: share links (the whole project in the URL fragment) and the Compare view.
import { test, expect } from './fixtures';
import { addPort, applyPreset, download, openPage, ready, SBS } from './helpers';

test('a share link opens in a new page as a preview, and applying it keeps the old work one Undo away', async ({ browser, baseURL, page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await addPort(page, '8443', 'Admin portal');
  await openPage(page, 'Export');
  await expect(page.getByText(/Browsers never send that part to a server/)).toBeVisible();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByLabel(/^Share link \(\d+ characters\)/);
  await expect(field).toBeVisible();
  const link = await field.inputValue();
  expect(link).toContain('#p=');
  expect(link.startsWith(baseURL ?? 'http')).toBe(true);
  expect(link.length).toBeLessThanOrEqual(8000);

  // Someone else, with other work in their editor, opens the link.
  const context = await browser.newContext();
  const other = await context.newPage();
  await ready(other);
  await openPage(other, 'Exceptions');
  const ports = other.getByRole('form', { name: 'Add a port exception' });
  await ports.getByLabel('Port').fill('9999');
  await ports.getByLabel('Name').fill('Their own work');
  await ports.getByRole('button', { name: 'Add port exception' }).click();
  await other.goto(link);
  const dialog = other.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Shared link', { exact: true })).toBeVisible();
  await expect(dialog.getByText(/8443:TCP/).first()).toBeVisible();
  // The policy is not kept in the address bar once read.
  expect(other.url()).not.toContain('#p=');
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await openPage(other, 'Exceptions');
  await expect(other.getByRole('cell', { name: 'Admin portal', exact: true })).toBeVisible();
  await other.getByRole('button', { name: 'Undo' }).click();
  await expect(other.getByRole('cell', { name: 'Their own work', exact: true })).toBeVisible();
  await context.close();
});

test('a damaged share link is refused with a clear message and changes nothing', async ({ page, baseURL }) => {
  await ready(page);
  await addPort(page, '8080', 'Mine');
  await openPage(page, 'Export');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByLabel(/^Share link/).inputValue();
  // Flip characters in the middle of the payload, then cut the end off.
  const at = link.indexOf('#p=') + 20;
  const flipped = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + (link[at + 1] === 'A' ? 'B' : 'A') + link.slice(at + 2);
  for (const bad of [flipped, link.slice(0, link.length - 25)]) {
    await page.goto(`${baseURL}index.html#settings`);
    await page.goto(bad.replace(/^[^#]*/, `${baseURL}index.html`));
    const alert = page.getByRole('alert').filter({ hasText: 'Shared link' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Nothing was changed');
    await expect(page.getByRole('dialog', { name: 'Import preview' })).toBeHidden();
    await openPage(page, 'Exceptions');
    await expect(page.getByRole('cell', { name: 'Mine', exact: true })).toBeVisible();
  }
});

test('the Compare view shows a port added since the last export, and exports the comparison as Markdown', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  await download(page, /^Registry\.pol/);
  await addPort(page, '8443', 'Admin portal');
  await openPage(page, 'Compare');
  await expect(page.getByRole('radio', { name: 'Last export (this session)' })).toBeChecked();
  await expect(page.getByRole('group', { name: 'New (right)' }).getByRole('radio', { name: 'Current policy' })).toBeChecked();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.locator('#compare-summary')).toContainText('1 difference between last export (left) and current policy (right)');
  const domain = page.getByRole('table', { name: /Domain Profile: last export and current policy/ });
  const row = domain.getByRole('row', { name: /8443:TCP/ });
  await expect(row).toContainText('added');
  // The filter: every setting is listed when it is off.
  const before = await page.getByRole('row').count();
  await page.getByLabel('Only differences').uncheck();
  await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(before);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as Markdown' }).click()]);
  expect(dl.suggestedFilename()).toBe('comparison.md');
  const md = (await import('node:fs')).readFileSync((await dl.path())!, 'utf8');
  expect(md).toContain('8443');
  expect(md).toContain('last export');
});

// See: a CI run where the damaged-link message never showed. When the editor started between
// the address change and its `hashchange`, the late event named the page already shown
// (#import) and drew it anew, dropping the link being read and its message. A second
// `hashchange` for the page already shown now changes nothing.
test('a late hashchange while a shared link is read keeps its message', async ({ page, baseURL }) => {
  await ready(page);
  await openPage(page, 'Export');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByLabel(/^Share link/).inputValue();
  await page.goto(`${baseURL}index.html#settings`);
  await page.goto(link.slice(0, link.length - 25).replace(/^[^#]*/, `${baseURL}index.html`));
  await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  const alert = page.getByRole('alert').filter({ hasText: 'Shared link' });
  await expect(alert).toContainText('Nothing was changed');
});
