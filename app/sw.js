// The editor's service worker: after the first visit the page works with no network (issue 15).
//
// * Only the site's own files: a request is handled only when it is a GET for the worker's own
//   origin inside its scope (self.registration.scope, the folder the site is served from, so
//   any sub-path works); everything else goes to the network untouched and is never cached.
// * Installing fetches index.html (the scope URL) and caches it with every file it names
//   (href, src, data-js, data-wasm: the CSS, boot.js, the JS glue and the wasm, the manifest),
//   plus RUN_TIME_FILES, which the page loads by name at run time (missing ones are skipped).
// * Trunk's hashed files (name-<16 hex digits>.ext) never change: cache first. Everything else
//   (index.html, boot.js, the manifest, unhashed files): network first, the cached copy when
//   the network fails, so an online visit always gets the newest site.
// * One cache per site version: boot.js registers sw.js?v=<the page's wasm file name>, so a new
//   build installs a new worker, which takes over at once (skipWaiting, clients.claim) and
//   deletes the caches of older versions of this scope on activate. boot.js tells the page
//   (window event `fwpolicy-update-ready`) when a newer version takes over a page it did not
//   load.
// * No inline script and no eval: the page's Content-Security-Policy (default-src 'self')
//   covers this file and the manifest.

const SCOPE = self.registration.scope;
const VERSION = new URL(self.location.href).searchParams.get('v') || 'unversioned';
/** Cache names of this scope start with this (another copy of the site on the same origin,
 *  under another sub-path, keeps its own caches). */
const PREFIX = `fwpolicy ${SCOPE} `;
const CACHE = PREFIX + VERSION;
/** Files the page loads by name at run time rather than from index.html (the format engine
 *  worker); cached at install when the site has them. */
const RUN_TIME_FILES = [
  'fwpolicy-engine.js',
  'fwpolicy-engine_bg.wasm',
  'fwpolicy-engine_loader.js',
  'fwpolicy-rollout.js',
  'fwpolicy-rollout_bg.wasm',
];
/** Trunk's content-hashed file names: main-2543a3dfd4e61303.css, fwpolicy-app-…_bg.wasm. */
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;
/** Attributes of index.html that name the site's files. */
const NAMED = /\s(?:href|src|data-js|data-wasm)="([^"]+)"/g;

/** True for a URL of the site itself: same origin, inside the scope. */
function own(url) {
  return url.origin === self.location.origin && url.href.startsWith(SCOPE);
}

/** The URL without its query and fragment (the cache key of a page). */
function page(url) {
  return url.origin + url.pathname;
}

/** Caches one file; `required` files fail the install when they cannot be fetched. */
async function add(cache, href, required) {
  try {
    const response = await fetch(href, { cache: 'no-cache' });
    if (response.ok && response.type === 'basic') {
      await cache.put(href, response);
      return;
    }
    if (required) throw new Error(`${href}: HTTP ${response.status}`);
  } catch (error) {
    if (required) throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // The folder URL, or index.html by name on hosts that serve no index for a folder.
      let index = await fetch(SCOPE, { cache: 'no-cache' });
      if (!index.ok) index = await fetch(`${SCOPE}index.html`, { cache: 'no-cache' });
      if (!index.ok) throw new Error(`index.html: HTTP ${index.status}`);
      const html = await index.clone().text();
      await cache.put(SCOPE, index);
      const named = new Set();
      for (const match of html.matchAll(NAMED)) {
        const url = new URL(match[1], SCOPE);
        if (own(url)) named.add(page(url));
      }
      named.delete(SCOPE);
      await Promise.all([...named].map((href) => add(cache, href, true)));
      await Promise.all(RUN_TIME_FILES.map((name) => add(cache, new URL(name, SCOPE).href, false)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** Hashed files: the cached copy, else the network (and keep it). */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/** Pages and unhashed files: the network (and keep it), else the cached copy; a page falls back
 *  to the cached index.html. */
async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  const navigation = request.mode === 'navigate';
  const key = navigation ? page(url) : request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && !response.redirected) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const hit = (await cache.match(key)) ?? (navigation ? await cache.match(SCOPE) : undefined);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!own(url)) return;
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request, url));
});
