// Cold load on a modest link: how long a user waits, after following a link to the editor, until
// the Settings page shows its settings with working controls.
//
// The release site is served as static hosts serve it (brotli, see ../serve.mjs), the browser
// cache is off, and Chromium's DevTools protocol emulates the link and the machine: 100 ms
// latency, 10 Mbit/s down, 2 Mbit/s up, CPU 4x slower. Each run is a fresh browser context.
//
// The time is taken in the page: from the start of the navigation (performance.timeOrigin) to
// the first frame rendered after the first setting's tri-state control ("Not configured") is in
// the page, visible and enabled on the Settings page. The editor builds its whole view with its
// event handlers in one go, so a control that is there is a control that works (each run also
// clicks one to check). Median of 5 runs; goal 1.0 s, ceiling 1.5 s (the test fails above it).
import type { Browser, Page } from '@playwright/test';
import { test, expect, recordFigures, PageWatch } from './fixtures';

const RUNS = 5;
const GOAL_MS = 1000;
const CEILING_MS = 1500;
/** 10 Mbit/s and 2 Mbit/s in bytes per second, as the DevTools protocol wants them. */
const DOWN = (10 * 1000 * 1000) / 8;
const UP = (2 * 1000 * 1000) / 8;

/** Runs in the page before its own scripts: marks `fwpolicy-settings-shown` (see above). */
function watchForSettings() {
  const name = (el: Element) =>
    ((el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  const usable = () => {
    const h1 = document.querySelector('h1');
    if (!h1 || !/^Settings\b/.test(h1.textContent?.trim() ?? '')) return false;
    for (const el of document.querySelectorAll('main input[type=radio], main [role=radio]')) {
      if (name(el) !== 'Not configured') continue;
      return el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && !el.matches(':disabled');
    }
    return false;
  };
  const frame = () => {
    if (usable()) {
      performance.mark('fwpolicy-settings-in-frame');
      // The frame this callback belongs to paints right after it; a task queued now runs
      // after that paint.
      setTimeout(() => performance.mark('fwpolicy-settings-shown'), 0);
    } else {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
}

interface Run {
  shown: number;
  ready: number;
  html: number;
  wasmStart: number;
  wasmEnd: number;
  wasmBytes: number;
  wasmFetches: number;
}

async function coldLoad(browser: Browser, url: string): Promise<{ run: Run; watch: PageWatch; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const watch = new PageWatch(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 100,
    downloadThroughput: DOWN,
    uploadThroughput: UP,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(watchForSettings);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('fwpolicy-settings-shown').length > 0, null, {
    timeout: 30_000,
    polling: 100,
  });
  const run = await page.evaluate(() => {
    const mark = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? -1;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const wasms = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) =>
      r.name.endsWith('.wasm'),
    );
    const wasm = wasms[0];
    return {
      shown: mark('fwpolicy-settings-shown'),
      ready: mark('fwpolicy-ready'),
      html: nav.responseEnd,
      wasmStart: wasm?.startTime ?? -1,
      wasmEnd: wasm?.responseEnd ?? -1,
      wasmBytes: wasm?.encodedBodySize ?? -1,
      wasmFetches: wasms.length,
    };
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
  return { run, watch, page };
}

test('cold load on a modest link: the Settings page is usable within the budget', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(240_000);
  const url = baseURL ?? './';

  // Warm-up, not counted: the server compresses each file once, on its first request. It also
  // checks that the site is served as a static host would serve it.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const encodings = new Map<string, string>();
    page.on('response', async (r) => {
      const type = (await r.allHeaders())['content-type'] ?? '';
      encodings.set(`${type.split(';')[0]}`, (await r.allHeaders())['content-encoding'] ?? 'identity');
    });
    const html = (await (await page.goto(url))?.text()) ?? '';
    // Trunk's preload hints start the JS and wasm downloads with the page instead of after
    // boot.js has run (about 0.9 s instead of 1.6 s here).
    expect(html, 'modulepreload of the JS glue').toMatch(/<link rel="modulepreload" href="[^"]+\.js"/);
    expect(html, 'preload of the wasm module').toMatch(/<link rel="preload" href="[^"]+\.wasm"[^>]* as="fetch" type="application\/wasm"/);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect.poll(() => encodings.get('application/wasm')).toBe('br');
    expect(encodings.get('text/javascript')).toBe('br');
    await context.close();
  }

  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { run, watch, page } = await coldLoad(browser, url);
    // What the mark claimed, checked the way a user would: the Settings page with its first
    // setting's controls, and a control that answers a click.
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const first = page.getByRole('main').getByRole('radio', { name: 'Not configured' }).first();
    await expect(first).toBeVisible();
    await expect(first).toBeEnabled();
    await expect(first).toBeChecked();
    const enabled = page.getByRole('main').getByRole('radio', { name: 'Enabled', exact: true }).first();
    await enabled.check();
    await expect(enabled).toBeChecked();
    expect(watch.pageErrors, 'uncaught errors in the page').toEqual([]);
    expect(watch.consoleErrors, 'console errors').toEqual([]);
    expect(watch.foreignRequests(), 'requests to another origin').toEqual([]);
    expect(run.wasmBytes, 'the wasm module was not fetched').toBeGreaterThan(0);
    // The preload is used, not fetched a second time.
    expect(run.wasmFetches, 'wasm downloads').toBe(1);
    runs.push(run);
    console.log(
      `run ${i + 1}: settings usable at ${run.shown.toFixed(0)} ms (editor ready ${run.ready.toFixed(0)} ms; ` +
        `HTML received ${run.html.toFixed(0)} ms; wasm ${run.wasmStart.toFixed(0)}–${run.wasmEnd.toFixed(0)} ms, ` +
        `${run.wasmBytes} bytes on the wire)`,
    );
    await page.context().close();
  }

  const shown = runs.map((r) => r.shown);
  const sorted = [...shown].sort((a, b) => a - b);
  const median = sorted[Math.floor(RUNS / 2)];
  const medianRun = runs[shown.indexOf(median)];
  const verdict = median <= GOAL_MS ? 'goal met' : median <= CEILING_MS ? 'goal NOT met, under the ceiling' : 'ABOVE THE CEILING';
  console.log(
    `cold load (100 ms, 10/2 Mbit/s, CPU 4x, brotli, no cache): ${shown.map((t) => t.toFixed(0)).join(', ')} ms; ` +
      `median ${median.toFixed(0)} ms — ${verdict} (goal ${GOAL_MS} ms, ceiling ${CEILING_MS} ms)`,
  );
  recordFigures(testInfo, 'cold-load', {
    ...Object.fromEntries(shown.map((t, i) => [`run ${i + 1} ms`, t])),
    'median ms': median,
    'goal ms': GOAL_MS,
    'ceiling ms': CEILING_MS,
    'median run — wasm request starts ms': medianRun.wasmStart,
    'median run — wasm received ms': medianRun.wasmEnd,
    'median run — editor ready ms': medianRun.ready,
    'wasm bytes on the wire (brotli)': medianRun.wasmBytes,
  });
  expect(median, `median cold load, ceiling ${CEILING_MS} ms`).toBeLessThanOrEqual(CEILING_MS);
});
