// Imports and exports against core's golden files (written through convert::write, the code
// path of `fwpolicy convert`): what the page downloads is byte for byte what the CLI writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect } from './fixtures';
import { applyPreset, download, golden, openPage, readPol, ready, repoRoot, SBS, shot } from './helpers';

// Export label (radio name) → golden file of core/tests/data/<preset>/ and the file name
// the browser must offer.
// The reports come first: their sign-off block lists the changes since the last export,
// and no export happened yet (as for the golden files).
const FORMATS: [RegExp, string, string][] = [
  [/^Report \(HTML/, 'report.html', 'report.html'],
  [/^Report \(Markdown/, 'report.md', 'report.md'],
  [/^Registry\.pol/, 'Registry.pol', 'Registry.pol'],
  [/^LGPO text/, 'lgpo.txt', 'lgpo.txt'],
  [/^\.reg file/, 'policy.reg', 'policy.reg'],
  [/^netsh firewall script/, 'netsh.cmd', 'firewall.cmd'],
  [/^netsh advfirewall script/, 'netsh-advfirewall.cmd', 'firewall-advfirewall.cmd'],
  [/^PowerShell/, 'firewall.ps1', 'firewall.ps1'],
  [/^fwpolicy project/, 'policy.json', 'windows-small-business-server-2003-update-for-windows-xp-sp2.fwpolicy.json'],
];

test('every download of a preset is byte for byte the CLI output', async ({ page }, testInfo) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  await expect(page.getByRole('table', { name: 'Registry.pol entries' })).toBeVisible();
  await shot(page, testInfo, 'export-registry-pol');
  for (const [label, goldenName, fileName] of FORMATS) {
    const { name, bytes } = await download(page, label);
    expect(name).toBe(fileName);
    let got = bytes;
    if (goldenName.startsWith('report.')) {
      // The page stamps the report with the time of the export (`fwpolicy convert
      // --generated` does the same); the golden files were written without one.
      const text = bytes.toString('utf8');
      const stamp = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;
      expect(text, 'the report names when it was generated').toMatch(stamp);
      got = Buffer.from(
        text
          .replace(/\| Generated \| \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \|/, '| Generated | *not recorded* |')
          .replace(/<tr><td>Generated<\/td><td>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/td><\/tr>/, '<tr><td>Generated</td><td><span class="muted">not recorded</span></td></tr>'),
        'utf8',
      );
    }
    expect(got.equals(golden('sbs-2003-xp-sp2', goldenName)), `${fileName} differs from core/tests/data/sbs-2003-xp-sp2/${goldenName}`).toBe(true);
  }
  await expect(page.getByText('All changes exported')).toBeVisible();
});

// See: issue 12 — the preview and the hex dump lost their line breaks (every control
// character became a space); the preview shows the file line by line exactly as downloaded.
test('the export preview is the downloaded file line by line, and the hex dump one line per 16 bytes', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  for (const [label, fileName] of [[/^LGPO text/, 'lgpo.txt'], [/^netsh firewall script/, 'firewall.cmd'], [/^PowerShell/, 'firewall.ps1'], [/^Report \(Markdown/, 'report.md']] as [RegExp, string][]) {
    const { bytes } = await download(page, label);
    const shown = await page.getByLabel(`Contents of ${fileName}`).textContent();
    expect(shown, `${fileName} preview`).toBe(bytes.toString('utf8'));
    expect(shown!.split('\n').length).toBeGreaterThan(5);
  }
  const { bytes } = await download(page, /^Registry\.pol/);
  const hex = (await page.getByLabel('Hex dump of Registry.pol').textContent()) ?? '';
  const lines = hex.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(Math.ceil(bytes.length / 16));
  expect(lines[0]).toMatch(/^00000000  50 52 65 67 01 00 00 00  5b 00 /);
  expect(lines[1]).toMatch(/^00000010  /);
});

test('a GPMC Registry.pol with other policies imports and exports with identical entries', async ({ page }, testInfo) => {
  const input = golden('gpmc-import', 'Registry.pol');
  await ready(page);
  await openPage(page, 'Import');
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'Registry.pol',
    mimeType: 'application/octet-stream',
    buffer: input,
  });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toContainText('Registry.pol');
  await expect(dialog).toContainText('11 registry values of other policies kept verbatim');
  await shot(page, testInfo, 'import-preview-registry-pol');
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await openPage(page, 'Export');
  const { name, bytes } = await download(page, /^Registry\.pol/);
  expect(name).toBe('Registry.pol');
  expect(readPol(bytes)).toEqual(readPol(input));
  expect(bytes.equals(input)).toBe(true);
});

test('a dropped LGPO text file is previewed and a broken file changes nothing', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Import');
  const lgpo = golden('gpmc-import', 'lgpo.txt').toString('base64');
  await page.locator('.dropzone').evaluate((zone, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'lgpo.txt', { type: 'text/plain' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, lgpo);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toContainText('LGPO text');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // Focus returns to where it was; nothing was changed (and nothing was ever exported).
  await expect(page.getByText('No changes yet')).toBeVisible();

  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'broken.pol',
    mimeType: 'application/octet-stream',
    buffer: Buffer.concat([Buffer.from('PReg\x01\x00\x00\x00', 'latin1'), Buffer.from([0x5b, 0x00, 0x41])]),
  });
  await expect(page.getByRole('alert')).toContainText('broken.pol: The file looks like Registry.pol');
  await expect(page.getByRole('dialog', { name: 'Import preview' })).toBeHidden();
  await expect(page.getByText('No changes yet')).toBeVisible();
});

test('the seed 003 port table pastes into the expected exceptions with a report of skipped rows', async ({ page }, testInfo) => {
  const table = fs.readFileSync(path.join(repoRoot, 'core', 'data', 'ibm-systems-director-ports.tsv'), 'utf8');
  await ready(page);
  await openPage(page, 'Import');
  await page.getByLabel('Text to import').fill(table);
  await page.getByLabel('Name prefix').fill('IBM Systems Director - ');
  await page.getByRole('button', { name: 'Preview import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste preview' });
  await expect(dialog).toContainText('Read as a port table. 34 exceptions to add to Domain Profile');
  await expect(dialog).toContainText('36 skipped rows');
  await expect(dialog).toContainText('line 63: 9514-9515 — the table says these ports must not be firewall accessible; not opened');
  await expect(dialog).toContainText('line 67: 14248 — outbound only');
  await expect(dialog).toContainText('its protocol “UDB” is not TCP or UDP either');
  await expect(dialog).toContainText('line 27: Random port in the 1024-65535 range — a random or dynamic port');
  await expect(dialog).toContainText('line 62: 9513:TCP:localsubnet:enabled:IBM Systems Director - Agent Manage (TCP 9513)');
  await shot(page, testInfo, 'paste-preview-port-table');
  await dialog.getByRole('button', { name: 'Add 34 exceptions to Domain Profile' }).click();
  await expect(page.getByRole('status')).toContainText('Added 34 exceptions to Domain Profile');

  // The exported list is exactly the IBM Systems Director preset's (core golden entries).
  await openPage(page, 'Export');
  const { bytes } = await download(page, /^Registry\.pol/);
  const listKey = 'SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile\\GloballyOpenPorts\\List';
  const ours = readPol(bytes).filter((r) => r.key === listKey).map((r) => r.value);
  const expected = (JSON.parse(golden('ibm-systems-director', 'registry.json').toString('utf8')) as { key: string; value: string }[])
    .filter((r) => r.key === listKey)
    .map((r) => r.value);
  expect(ours).toHaveLength(34);
  expect(ours).toEqual(expected);
});

test('a script export that cannot carry a name says which exception', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Import');
  const project = JSON.parse(golden('remote-desktop-admins', 'policy.json').toString('utf8'));
  project.policy.domain.portExceptions = {
    state: 'enabled',
    items: [{ port: 8080, transport: 'TCP', scope: 'localsubnet', status: 'enabled', name: 'Web "intranet"' }],
  };
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'quoted.fwpolicy.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(project)),
  });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toContainText('fwpolicy project (JSON)');
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();
  await openPage(page, 'Export');
  await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: /^netsh firewall script/ }).check();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Cannot export');
  await expect(alert).toContainText('Web "intranet"');
  await expect(alert).toContainText('Domain Profile');
  await expect(page.getByRole('button', { name: /^Download / })).toHaveCount(0);
});

test('names from an imported file are shown as text, never run as markup', async ({ page }) => {
  await ready(page);
  await openPage(page, 'Import');
  const hostile = '<img src=x onerror=window.__pwned=1><b id=injected>bold</b>';
  const project = JSON.parse(golden('remote-desktop-admins', 'policy.json').toString('utf8'));
  project.policy.domain.portExceptions = {
    state: 'enabled',
    items: [{ port: 8080, transport: 'TCP', scope: 'localsubnet', status: 'enabled', name: hostile }],
  };
  project.policy.domain.programExceptions = {
    state: 'enabled',
    items: [{ path: '%ProgramFiles%\\App\\app.exe', scope: '*', status: 'enabled', name: '<script>window.__pwned=2</script>' }],
  };
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'hostile.fwpolicy.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(project)),
  });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();

  await openPage(page, 'Exceptions');
  await expect(page.getByText(hostile).first()).toBeVisible();
  await expect(page.getByText('<script>window.__pwned=2</script>').first()).toBeVisible();
  await openPage(page, 'Export');
  // The LGPO text carries the name as it is; the HTML report's source escapes it.
  const shown: [RegExp, string][] = [
    [/^LGPO text/, hostile],
    [/^Report \(HTML/, '<code>&lt;img src=x onerror=window.__pwned=1&gt;&lt;b id=injected&gt;bold&lt;/b&gt;</code>'],
  ];
  for (const [format, text] of shown) {
    await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: format }).check();
    await expect(page.getByText(text).first()).toBeVisible();
  }
  await openPage(page, 'Settings');
  expect(await page.locator('#injected, img[src="x"], main script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

// See: issue 11 — a file is refused by its size before it is read (File.size: above core's
// 64 MiB limit, or empty) with core's message, on the same path; the policy stays as it was.
test('an empty file is refused before reading with core\'s message and changes nothing', async ({ page }) => {
  await ready(page);
  await applyPreset(page, SBS);
  await openPage(page, 'Import');
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'empty.pol',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(0),
  });
  await expect(page.getByRole('alert')).toHaveText('empty.pol: the input is empty');
  await expect(page.getByRole('dialog', { name: 'Import preview' })).toBeHidden();
  await expect(page.getByRole('status')).toContainText('empty.pol was not imported');
  await openPage(page, 'Export');
  const { bytes } = await download(page, /^Registry\.pol/);
  expect(bytes.equals(golden('sbs-2003-xp-sp2', 'Registry.pol'))).toBe(true);
});

// See: issue 12 — the format engine (writers, readers, reports) is a web worker started on the
// first export or file import, so the first page does not download it.
test('the format engine is started by the first export, not by the first page', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname.split('/').pop() ?? ''));
  await ready(page);
  await openPage(page, 'Exceptions');
  await openPage(page, 'Rollout');
  expect(workers, 'no worker before an export').toEqual([]);
  await openPage(page, 'Export');
  await expect(page.getByRole('table', { name: 'Registry.pol entries' })).toBeVisible();
  expect(workers).toEqual(['fwpolicy-engine_loader.js']);
  // One worker for the page's lifetime: a second format is written by the same one.
  const { name } = await download(page, /^LGPO text/);
  expect(name).toBe('lgpo.txt');
  expect(workers).toHaveLength(1);
});
