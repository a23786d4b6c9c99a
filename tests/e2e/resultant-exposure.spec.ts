// Issue 14: the Resultant view (several GPOs in order → who wins); issue 13 items 6 and 11:
// duplicates said in the add form, and the Exposure view.
import { test, expect } from './fixtures';
import { applyPreset, golden, openPage, ready } from './helpers';

const LAPTOPS = 'Laptops.pol';
const RDP = 'Remote Desktop.pol';

function gpoFiles() {
  return [
    { name: LAPTOPS, mimeType: 'application/octet-stream', buffer: golden('locked-down-laptop', 'Registry.pol') },
    { name: RDP, mimeType: 'application/octet-stream', buffer: golden('remote-desktop-admins', 'Registry.pol') },
  ];
}

test('two GPOs in the Resultant view: the later one wins, and reordering them changes the winner', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Resultant');
  await expect(page.locator('#resultant-empty')).toBeVisible();
  await page.locator('#resultant-files').setInputFiles(gpoFiles());
  const order = page.locator('#resultant-gpos > li');
  await expect(order).toHaveCount(2);
  await expect(order.nth(0)).toContainText(`1. ${LAPTOPS}`);
  await expect(order.nth(1)).toContainText(`2. ${RDP}`);

  const row = page
    .locator('#resultant-table tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: 'Domain Profile › Protect all network connections', exact: true }) });
  await expect(row.locator('.winner')).toHaveText(`2. ${RDP}`);
  await expect(row.locator('.overridden-by')).toHaveText(`1. ${LAPTOPS}`);
  await expect(row).toHaveClass(/overridden/);

  // Keyboard / button reorder.
  await page.getByRole('button', { name: `Move ${RDP} up (applied earlier)` }).click();
  await expect(order.nth(0)).toContainText(RDP);
  await expect(row.locator('.winner')).toHaveText(`2. ${LAPTOPS}`);
  await expect(row.locator('.overridden-by')).toHaveText(`1. ${RDP}`);

  // Drag the first GPO below the second: the winner changes back.
  await order.nth(0).dragTo(order.nth(1));
  await expect(order.nth(0)).toContainText(LAPTOPS);
  await expect(row.locator('.winner')).toHaveText(`2. ${RDP}`);

  // Only the rows where a GPO overrode another.
  await page.getByLabel('Only rows where a GPO overrode another').check();
  const rows = page.locator('#resultant-table tbody tr');
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(rows.nth(i).locator('.overridden-by')).not.toHaveText('—');
});

test('the merged policy opens in the editor as an undoable import', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Resultant');
  await page.locator('#resultant-files').setInputFiles(gpoFiles());
  await expect(page.locator('#resultant-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Open the merged policy in the editor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Opened the merged policy' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  // The GPO list stays on the Resultant page.
  await openPage(page, 'Resultant');
  await expect(page.locator('#resultant-gpos > li')).toHaveCount(2);
});

test('a file that is no GPO is refused with its name, and nothing is added', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Resultant');
  await page.locator('#resultant-files').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
  ]);
  await expect(page.getByRole('alert')).toContainText('notes.txt');
  await expect(page.locator('#resultant-empty')).toBeVisible();
});

test('the add form says at once that a port already exists and offers to edit that row', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Exceptions');
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('8443');
  await form.getByLabel('Name').fill('Console');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  await expect(page.getByRole('cell', { name: 'Console', exact: true })).toBeVisible();
  await form.getByLabel('Port').fill('8443');
  await expect(form.getByText(/Already there:/)).toBeVisible();
  await expect(form.getByText(/8443/).first()).toBeVisible();
  await form.getByRole('button', { name: 'Edit row 1' }).click();
  await expect(page.getByRole('form', { name: 'Edit port exception 1' })).toBeVisible();
});

test('the Exposure view lists what each profile opens and answers "can this address reach that port"', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Exceptions');
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('3389');
  await form.getByLabel('Name').fill('Remote Desktop');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  await openPage(page, 'Exposure');
  const domain = page.locator('#exposure-domain');
  await expect(domain.getByRole('rowheader', { name: /Remote Desktop/ })).toBeVisible();
  await expect(domain.getByRole('row', { name: /Remote Desktop/ })).toContainText('TCP 3389');
  await page.getByLabel('From address').fill('10.2.3.4');
  await page.getByLabel('Port and protocol').fill('3389/tcp');
  await page.getByRole('button', { name: 'Can it reach?' }).click();
  const answer = page.locator('#exposure-answer-domain');
  await expect(answer).toContainText('10.2.3.4');
  await expect(answer).toContainText('Remote Desktop');
  // A port nothing opens.
  await page.getByLabel('Port and protocol').fill('23/tcp');
  await page.getByRole('button', { name: 'Can it reach?' }).click();
  await expect(answer).not.toContainText('Remote Desktop');
  // A mistyped address is a message, not a crash.
  await page.getByLabel('From address').fill('10.2.3.x');
  await page.getByRole('button', { name: 'Can it reach?' }).click();
  await expect(page.locator('#exposure-error')).toContainText('10.2.3.x');
  // The tables stay.
  await expect(domain.getByRole('rowheader', { name: /Remote Desktop/ })).toBeVisible();
});

test('presets: the Exposure view marks rules open to any computer', async ({ page }) => {
  await ready(page);
  await applyPreset(page, 'Windows Small Business Server 2003 update for Windows XP SP2');
  await openPage(page, 'Exposure');
  await expect(page.locator('#exposure-domain')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Standard/ })).toBeVisible();
});

// Regression: after an action opened another page (a preset applied), the address kept the old
// fragment, so that page's link did nothing.
test('after a preset is applied, the Presets link opens the gallery again', async ({ page }) => {
  await ready(page);
  await applyPreset(page, 'Windows Small Business Server 2003 update for Windows XP SP2');
  await openPage(page, 'Presets');
  await expect(page).toHaveURL(/#presets$/);
});

// Issue 13 item 4: a vendor port table copied out of a PDF, with spaces.
test('a space-separated port table is previewed row by row; a cell fixed in place; duplicates flagged', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Exceptions');
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('9514');
  await form.getByLabel('Name').fill('Agent');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  await openPage(page, 'Import');
  await page.getByLabel('Text to import').fill('Port 9514 TCP Agent\n9515 UDP Agent events\n1024-65535 TCP random');
  await page.getByRole('button', { name: 'Preview import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste preview: row by row' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('#paste-grid tbody tr')).toHaveCount(3);
  await expect(dialog.locator('#paste-grid tbody tr').nth(0)).toContainText('Already there');
  await expect(dialog.locator('#paste-grid tbody tr').nth(2)).toContainText('range');
  await expect(dialog.getByLabel('Line 2 protocol')).toHaveValue('UDP');
  await dialog.getByLabel('Line 2 protocol').fill('TCP');
  await dialog.getByLabel('Line 2 protocol').press('Enter');
  await expect(dialog.locator('#paste-grid tbody tr').nth(1)).toContainText('9515:TCP');
  await dialog.getByRole('button', { name: 'Add 1 exception to Domain Profile' }).click();
  await openPage(page, 'Exceptions');
  await expect(page.getByRole('cell', { name: /9515/ }).first()).toBeVisible();
});
