// Never lose work: unreadable and newer saves are kept aside, a full storage is reported and
// work continues in memory, closing with unexported changes warns. Plus the CSP, print and
// phone layouts.
import { test, expect } from './fixtures';
import { download, openPage, ready, shot } from './helpers';

test('a corrupted save is reported and kept aside, not overwritten', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('fwpolicy.autosave', 'fwpolicy-autosave 1\nunexported=1\n{"format": "fwpolicy", "version": 1, "policy": {');
    }
  });
  await ready(page);
  const note = page.getByRole('note').filter({ hasText: 'could not be read' });
  await expect(note).toContainText('kept aside unchanged under the storage key fwpolicy.autosave.kept-');
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('fwpolicy.autosave.kept-'))
      .map((k) => localStorage.getItem(k)),
  );
  expect(kept).toEqual(['fwpolicy-autosave 1\nunexported=1\n{"format": "fwpolicy", "version": 1, "policy": {']);
  // Work goes on and is saved under the normal key.
  await page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).getByRole('radio', { name: 'Enabled' }).check();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('fwpolicy.autosave') ?? '')).toContain('"format": "fwpolicy"');
});

test('a save from a newer editor is kept aside and named as such', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('fwpolicy.autosave', 'fwpolicy-autosave 9\nunexported=0\n{}');
    }
  });
  await ready(page);
  await expect(page.getByRole('note').filter({ hasText: 'newer version of fwpolicy' })).toContainText('save format 9');
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fwpolicy.autosave.kept-')));
  expect(keys).toHaveLength(1);
});

test('a full storage is reported and the editor keeps working in memory', async ({ page }) => {
  await page.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'fwpolicy.autosave') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return real.call(this, key, value);
    };
  });
  await ready(page);
  await page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).getByRole('radio', { name: 'Enabled' }).check();
  await expect(page.getByRole('alert')).toContainText("Autosave failed: the browser's storage for this page is full");
  await expect(page.getByText('Not saved (in memory only)')).toBeVisible();
  await openPage(page, 'Exceptions');
  const form = page.getByRole('form', { name: 'Add a port exception' });
  await form.getByLabel('Port').fill('443');
  await form.getByLabel('Name').fill('TLS');
  await form.getByRole('button', { name: 'Add port exception' }).click();
  await expect(page.getByRole('region', { name: 'Domain Profile — port exceptions' }).getByRole('row', { name: /TLS/ })).toBeVisible();
});

test('closing with unexported changes asks first', async ({ page }) => {
  await ready(page);
  await page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).getByRole('radio', { name: 'Enabled' }).check();
  await expect(page.getByText('1 change not exported')).toBeVisible();
  const asked = new Promise<string>((resolve) => page.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('after a download the editor closes without asking', async ({ page }) => {
  await ready(page);
  await page.getByRole('group', { name: 'Windows Firewall: Protect all network connections' }).getByRole('radio', { name: 'Enabled' }).check();
  await openPage(page, 'Export');
  await download(page, /^Registry\.pol/);
  await expect(page.getByText('All changes exported')).toBeVisible();
  let asked = false;
  page.on('dialog', async (d) => { asked = true; await d.dismiss(); });
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  expect(asked).toBe(false);
});

test('no Content-Security-Policy violation while the editor runs', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await ready(page);
  for (const name of ['Exceptions', 'Presets', 'Import', 'Export', 'Settings']) await openPage(page, name);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});

test('print shows the policy without the controls; a phone-width screen has no sideways scroll', async ({ page }, testInfo) => {
  await ready(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Windows Firewall: Protect all network connections' })).toBeVisible();
  await shot(page, testInfo, 'print');
  // Paper is black on white even when the screen uses the dark theme.
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  const colours = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return [s.backgroundColor, s.color];
  });
  expect(colours).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  await page.emulateMedia({ media: 'screen' });

  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of ['Settings', 'Exceptions', 'Export']) {
    await openPage(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  }
  await openPage(page, 'Exceptions');
  await shot(page, testInfo, 'phone-exceptions');
});
