// The editor as an admin uses it: a preset, a port exception typed with a mistake and then
// fixed, undo and redo (buttons and keys), and the autosave surviving a reload.
import { test, expect } from './fixtures';
import { applyPreset, openPage, ready, SBS, shot } from './helpers';

test('a preset, a port exception validated as typed, undo/redo and reload', async ({ page }, testInfo) => {
  await ready(page);
  await shot(page, testInfo, 'settings-empty');

  await applyPreset(page, SBS);
  const protect = page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' });
  await expect(protect.getByRole('radio', { name: 'Enabled' })).toBeChecked();
  await expect(page.getByRole('region', { name: 'About this policy' })).toContainText('Microsoft, "Windows XP Service Pack 2 in a Windows Small Business Server 2003 network"');
  await expect(page.getByText('1 change not exported')).toBeVisible();
  await shot(page, testInfo, 'settings-sbs-preset');

  await openPage(page, 'Exceptions');
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(2); // header + port 135 of the preset
  await expect(table.getByRole('cell', { name: 'Remote Assistance (TCP 135)', exact: true })).toBeVisible();

  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('8080');
  await form.getByLabel('Name').fill('Intranet web');
  await form.getByRole('radio', { name: 'Custom list' }).check();
  const scope = form.getByLabel('Addresses and subnets');
  await scope.fill('10.0.0.1, 10.0.0.300');
  await expect(form.getByText(/scope item 10\.0\.0\.300 is not an IPv4 address/)).toBeVisible();
  await expect(scope).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  // Nothing changed: same rows, same pending count.
  await expect(rows).toHaveCount(2);
  await expect(page.getByText('1 change not exported')).toBeVisible();
  await shot(page, testInfo, 'exceptions-bad-scope');

  await scope.fill('10.0.0.1, 10.0.0.0/24');
  await expect(form.getByText(/is not an IPv4 address/)).toHaveCount(0);
  await form.getByRole('button', { name: 'Add port exception' }).click();
  await expect(rows).toHaveCount(3);
  const added = table.getByRole('row', { name: /Intranet web/ });
  await expect(added.getByRole('cell', { name: '10.0.0.1,10.0.0.0/24', exact: true })).toBeVisible();
  await expect(added.getByRole('cell', { name: '8080', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Added port exception 8080:TCP:10.0.0.1,10.0.0.0/24:enabled:Intranet web');
  await expect(page.getByText('2 changes not exported')).toBeVisible();
  await shot(page, testInfo, 'exceptions-added');

  // Undo with the button, redo with the keyboard (focus is on the Undo button, not a field).
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await page.keyboard.press('Control+Shift+Z');
  await expect(rows).toHaveCount(3);
  await page.keyboard.press('Control+Z');
  await expect(rows).toHaveCount(2);
  await page.keyboard.press('Control+Y');
  await expect(rows).toHaveCount(3);

  // Toggle the new row off inline; Ctrl+Z in a text field stays the field's own undo.
  await added.getByRole('checkbox', { name: 'Enabled: Intranet web' }).uncheck();
  await expect(table.getByRole('row', { name: /Intranet web/ }).getByText('disabled')).toBeVisible();

  // Autosave (debounced) then reload: everything is back, still marked as not exported.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('fwpolicy.autosave') ?? ''))
    .toContain('"name": "Intranet web"');
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'restored' })).toBeVisible();
  const restored = page.getByRole('region', { name: 'Domain Profile — port exceptions' }).getByRole('row', { name: /Intranet web/ });
  await expect(restored.getByText('disabled')).toBeVisible();
  await expect(page.getByText(/change not exported/)).toBeVisible();
});

test('search, sort and bulk actions work on the table; copy goes to the other profile in one undo', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Import');
  await page.getByLabel('Text to import').fill(
    ['80:TCP:*:enabled:Web', '443:TCP:*:enabled:TLS', '161:UDP:localsubnet:enabled:SNMP', '3389:TCP:10.0.0.0/8:enabled:RDP'].join('\n'),
  );
  await page.getByRole('button', { name: 'Preview import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste preview' });
  await expect(dialog).toContainText('Read as exception lines. 4 exceptions to add to Domain Profile; 0 problem lines; 0 skipped rows.');
  await dialog.getByRole('button', { name: 'Add 4 exceptions to Domain Profile' }).click();
  await expect(dialog).toBeHidden();

  await openPage(page, 'Exceptions');
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  await page.getByLabel('Search port exceptions').fill('tcp');
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.getByLabel('Search port exceptions').fill('');
  await table.getByRole('button', { name: 'Port' }).click();
  await expect(table.getByRole('columnheader', { name: /Port/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.getByRole('row').nth(1)).toContainText('80');
  await expect(table.getByRole('row').nth(2)).toContainText('161');

  await table.getByRole('checkbox', { name: 'Select Web' }).check();
  await table.getByRole('checkbox', { name: 'Select SNMP' }).check();
  const bulk = page.getByRole('toolbar', { name: 'Actions on selected port exceptions' });
  await expect(bulk).toContainText('2 selected');
  await bulk.getByRole('button', { name: 'Copy to Standard Profile' }).click();
  await expect(page.getByRole('status')).toContainText('Copied 2 port exceptions to Standard Profile');
  await bulk.getByRole('button', { name: 'Disable' }).click();
  await expect(table.getByRole('row', { name: /SNMP/ }).getByText('disabled')).toBeVisible();

  await page.getByRole('group', { name: 'Profile' }).getByRole('radio', { name: 'Standard Profile' }).check();
  const standard = page.getByRole('region', { name: 'Standard Profile — port exceptions' });
  await expect(standard.getByRole('row')).toHaveCount(3);
  await page.getByRole('button', { name: 'Undo' }).click(); // the disable
  await page.getByRole('button', { name: 'Undo' }).click(); // the copy, as one step
  await expect(standard.getByRole('row')).toHaveCount(1);
});

test('edit a row through the form, add a program exception, exclude a connection', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Exceptions');
  const ports = page.getByRole('form', { name: 'Add a port exception' });
  await ports.getByLabel('Port').fill('8443');
  await ports.getByLabel('Name').fill('Admin portal');
  await ports.getByRole('button', { name: 'Add port exception' }).click();
  const table = page.getByRole('region', { name: 'Domain Profile — port exceptions' });
  await table.getByRole('button', { name: 'Edit Admin portal' }).click();
  const edit = page.getByRole('form', { name: 'Edit port exception 1' });
  await expect(edit.getByLabel('Port')).toHaveValue('8443');
  await expect(edit.getByLabel('Port')).toBeFocused();
  await edit.getByLabel('Name').fill('Admin portal (TLS)');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(table.getByRole('cell', { name: 'Admin portal (TLS)', exact: true })).toBeVisible();
  await expect(table.getByRole('button', { name: 'Edit Admin portal (TLS)' })).toBeFocused();
  await expect(page.getByRole('form', { name: 'Add a port exception' })).toBeVisible();

  const programs = page.getByRole('form', { name: 'Add a program exception' });
  await programs.getByLabel('Program path').fill('C:\\Program Files\\Agent\\agent.exe');
  await programs.getByLabel('Name').fill('Agent');
  await programs.getByRole('radio', { name: 'Any computer (*)' }).check();
  await programs.getByRole('button', { name: 'Add program exception' }).click();
  const progTable = page.getByRole('region', { name: 'Domain Profile — program exceptions' });
  await expect(progTable.getByRole('cell', { name: 'C:\\Program Files\\Agent\\agent.exe', exact: true })).toBeVisible();
  await expect(progTable.getByRole('cell', { name: '*', exact: true })).toBeVisible();

  await page.getByLabel('Connection name').fill('Virtual Ethernet PTP');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('button', { name: 'Remove Virtual Ethernet PTP' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'cannot express interface exclusions' })).toBeVisible();
  // The Registry.pol export says what it leaves out and which export carries it.
  await openPage(page, 'Export');
  await expect(page.getByText(/interface exclusions \(Virtual Ethernet PTP\) cannot be expressed/i)).toBeVisible();
});
