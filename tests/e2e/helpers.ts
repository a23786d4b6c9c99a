// Shared steps of the editor specs: navigation by role and name, reading downloads, and a
// small Registry.pol reader (PReg v1) so entries can be compared record by record.
import { expect, type Download, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (tests/ is one level below). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** A golden file written by core's tests through convert::write, the CLI's code path. */
export function golden(...parts: string[]): Buffer {
  return fs.readFileSync(path.join(repoRoot, 'core', 'tests', 'data', ...parts));
}

/** The title of the SBS 2003 preset (the seed document's policy). */
export const SBS = 'Windows Small Business Server 2003 update for Windows XP SP2';

/** Adds a port exception (TCP, the form's defaults) on the Exceptions page. */
export async function addPort(page: Page, port: string, name: string) {
  await openPage(page, 'Exceptions');
  const ports = page.getByRole('form', { name: 'Add a port exception' });
  await ports.getByLabel('Port').fill(port);
  await ports.getByLabel('Name').fill(name);
  await ports.getByRole('button', { name: 'Add port exception' }).click();
}

/** Opens a page of the editor from the main navigation. */
export async function openPage(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Waits for the editor to start (the header's page navigation is there). */
export async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
}

/** Applies a preset from the gallery by its title. */
export async function applyPreset(page: Page, title: string) {
  await openPage(page, 'Presets');
  await page.getByRole('button', { name: `Use preset ${title}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

/** Picks an export format and downloads it; returns the file name and bytes. */
export async function download(page: Page, formatLabel: RegExp | string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('group', { name: 'Format' }).getByRole('radio', { name: formatLabel }).check();
  const button = page.getByRole('button', { name: /^Download / });
  const [dl]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/** Saves a screenshot as a test artifact. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** One Registry.pol record. */
export interface PolRecord {
  key: string;
  value: string;
  type: number;
  data: string; // hex
}

/** Reads a Registry.pol file (PReg v1) into its records. */
export function readPol(bytes: Buffer): PolRecord[] {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PReg');
  expect(bytes.readUInt32LE(4)).toBe(1);
  const out: PolRecord[] = [];
  let p = 8;
  const text = (): string => {
    let s = '';
    for (;;) {
      const u = bytes.readUInt16LE(p);
      p += 2;
      if (u === 0) return s;
      s += String.fromCharCode(u);
    }
  };
  const unit = (expected: number) => {
    expect(bytes.readUInt16LE(p), `byte ${p}`).toBe(expected);
    p += 2;
  };
  while (p < bytes.length) {
    unit(0x5b);
    const key = text();
    unit(0x3b);
    const value = text();
    unit(0x3b);
    const type = bytes.readUInt32LE(p);
    p += 4;
    unit(0x3b);
    const size = bytes.readUInt32LE(p);
    p += 4;
    unit(0x3b);
    const data = bytes.subarray(p, p + size).toString('hex');
    p += size;
    unit(0x5d);
    out.push({ key, value, type, data });
  }
  return out;
}
