// Offline (issue 15): after one visit the service worker (app/sw.js) serves the site's own
// files, so a reload with no network shows the editor, and imports and exports still work.
// The worker caches only the site's files, works under a sub-path, and a newer version
// replaces the older one's cache and is announced to the page.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { applyPreset, download, golden, openPage, ready, SBS, shot } from './helpers';
import { subPathURL } from '../ports';

/** Waits until a service worker controls the page; returns its scope. */
async function controlled(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
    return registration.scope;
  });
}

/** Every cache of the origin and the URLs it holds. */
async function cached(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => r.url);
    }
    return out;
  });
}

test('after one visit the editor reloads, imports and exports with no network', async ({ page, context }, testInfo) => {
  await ready(page);
  const scope = await controlled(page);
  expect(scope).toBe(new URL('./', page.url()).href);

  // The cache holds the site's own files only, the page, its wasm and its CSS among them.
  const caches = await cached(page);
  const names = Object.keys(caches);
  expect(names).toHaveLength(1);
  const urls = caches[names[0]];
  for (const url of urls) expect(url.startsWith(scope), url).toBe(true);
  expect(urls).toContain(scope);
  expect(urls.some((u) => /_bg\.wasm$/.test(u))).toBe(true);
  expect(urls.some((u) => /\.css$/.test(u))).toBe(true);
  expect(urls).toContain(`${scope}boot.js`);
  expect(urls).toContain(`${scope}manifest.json`);

  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await shot(page, testInfo, 'offline-settings');
  // The Rollout view, a module the page imports on first use, was cached at install too.
  await openPage(page, 'Rollout');
  await expect(page.getByRole('region', { name: 'Result' }).getByText(/of 250 clients protected/)).toBeVisible();

  // Export: byte for byte what the CLI writes.
  await applyPreset(page, SBS);
  await openPage(page, 'Export');
  const { name, bytes } = await download(page, /^Registry\.pol/);
  expect(name).toBe('Registry.pol');
  expect(bytes.equals(golden('sbs-2003-xp-sp2', 'Registry.pol'))).toBe(true);

  // Import: a Registry.pol read and previewed.
  await openPage(page, 'Import');
  await page.getByLabel('Choose a file, or drop it here').setInputFiles({
    name: 'Registry.pol',
    mimeType: 'application/octet-stream',
    buffer: golden('gpmc-import', 'Registry.pol'),
  });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toContainText('11 registry values of other policies kept verbatim');
  await dialog.getByRole('button', { name: 'Replace the current policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await context.setOffline(false);
});

test('under a sub-path the worker is scoped to the sub-path and works offline', async ({ page, context }) => {
  await ready(page, subPathURL);
  const scope = await controlled(page);
  expect(scope).toBe(subPathURL);
  for (const url of Object.values(await cached(page)).flat()) {
    expect(url.startsWith(subPathURL), url).toBe(true);
  }
  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await context.setOffline(false);
});

test('a newer version takes over, deletes the old cache and is announced to the page', async ({ page }) => {
  await ready(page);
  await controlled(page);
  const before = Object.keys(await cached(page));
  expect(before).toHaveLength(1);
  // What another tab with a new build does: register the worker of another version.
  const announced = await page.evaluate(async () => {
    const heard = new Promise<string>((resolve) =>
      window.addEventListener('fwpolicy-update-ready', (e) => resolve((e as CustomEvent).detail.version), {
        once: true,
      }),
    );
    await navigator.serviceWorker.register(new URL('sw.js?v=next-build', document.baseURI).href);
    return heard;
  });
  expect(announced).toBe('next-build');
  await expect
    .poll(async () => Object.keys(await cached(page)))
    .toEqual([before[0].replace(/ [^ ]+$/, ' next-build')]);
});
