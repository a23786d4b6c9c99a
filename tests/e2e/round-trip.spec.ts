// Format-preserving round trip through the page (issue 10): an admin imports an existing GPO's
// Registry.pol, changes one setting and downloads the file again; only that setting's records
// differ, every other record keeps its bytes and its position. Written against what a user
// sees (roles and labels), not internal selectors.
import { test, expect } from './fixtures';
import { download, golden, openPage, readPol, ready, shot, type PolRecord } from './helpers';

// GPMC style: other policies mixed in, a **delvals. list key, a partial ICMP set, LocalSubnet
// spelt in mixed case, and Domain EnableFirewall written twice (1, then 0: Disabled).
const INPUT = golden('roundtrip', 'gpmc.pol');
const DOMAIN_KEY = 'SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile';

async function importPol(page: import('@playwright/test').Page, bytes: Buffer) {
  await openPage(page, 'Import');
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'Registry.pol',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toContainText('Registry.pol');
  // The value written twice is shown as a finding naming both records.
  await expect(dialog).toContainText('EnableFirewall is written twice');
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();
  await expect(dialog).toBeHidden();
}

test('an imported Registry.pol downloads byte for byte when nothing was edited', async ({ page }) => {
  await ready(page);
  await importPol(page, INPUT);
  await openPage(page, 'Export');
  const { bytes } = await download(page, /^Registry\.pol/);
  expect(readPol(bytes)).toEqual(readPol(INPUT));
  expect(bytes.equals(INPUT)).toBe(true);
});

test('changing one setting of an imported Registry.pol changes only its records', async ({ page }, testInfo) => {
  await ready(page);
  await importPol(page, INPUT);

  await openPage(page, 'Settings');
  const profile = page.getByRole('group', { name: 'Profile' });
  if (await profile.count()) {
    await profile.getByRole('radio', { name: 'Domain Profile' }).check();
  }
  const protect = page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).first();
  // Read as Windows applies the file: the last EnableFirewall record (0) wins.
  await expect(protect.getByRole('radio', { name: 'Disabled' })).toBeChecked();
  await protect.getByRole('radio', { name: 'Enabled' }).check();
  await shot(page, testInfo, 'round-trip-one-setting');

  await openPage(page, 'Export');
  const { bytes } = await download(page, /^Registry\.pol/);
  const before = readPol(INPUT);
  const after = readPol(bytes);
  const isEdit = (r: PolRecord) => r.key.toLowerCase() === DOMAIN_KEY.toLowerCase() && r.value === 'EnableFirewall';
  // Every other record: same bytes, same order.
  expect(after.filter((r) => !isEdit(r))).toEqual(before.filter((r) => !isEdit(r)));
  // The setting: one record (Enabled), where its first record was.
  expect(after.filter(isEdit)).toEqual([{ key: DOMAIN_KEY, value: 'EnableFirewall', type: 4, data: '01000000' }]);
  const firstBefore = before.findIndex(isEdit);
  expect(after.findIndex(isEdit)).toBe(firstBefore);
});
