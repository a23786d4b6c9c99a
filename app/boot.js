// Starts the app from a file instead of Trunk's default inline <script>, so the page's
// Content-Security-Policy can forbid inline scripts (script-src 'self'). Trunk writes the
// hashed file names into this script tag's data attributes (Trunk.toml `pattern_script`).
// Both files are already downloading (Trunk's preload links in <head>); init's fetch takes the
// preloaded wasm response and compiles it while it streams in (WebAssembly.instantiateStreaming,
// which needs the server to send `application/wasm`).
const tag = document.querySelector('script[data-wasm]');
const js = new URL(tag.dataset.js, document.baseURI);
const wasm = new URL(tag.dataset.wasm, document.baseURI);
// Modules the editor imports on first use in the page itself (the Rollout view: app/src/lazy.rs):
// a dynamic import of a file next to index.html, then its wasm-bindgen initialisation (which
// finds its .wasm next to its .js), once per name. A failed load is tried again next time; a
// browser may keep refusing a module script whose own download failed until the page is
// reloaded, which is what the editor's message then asks for.
const lazy = new Map();
globalThis.fwpolicyLoad = (name) => {
  if (!lazy.has(name)) {
    const loading = import(new URL(name, document.baseURI).href).then(async (m) => {
      await m.default();
      return m;
    });
    loading.catch(() => lazy.delete(name));
    lazy.set(name, loading);
  }
  return lazy.get(name);
};
const { default: init } = await import(js.href);
await init({ module_or_path: wasm });

// Offline (issue 15): register the service worker (app/sw.js) once the editor runs. It is
// versioned by the wasm file name, so a new build installs a new worker. When a newer version
// than this page's takes over (another tab loaded a new build), the page hears
// `fwpolicy-update-ready` on window (detail.version: the new version) and can offer a reload.
// Skipped where service workers do not exist (file://, old browsers); failures are ignored.
if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  const version = wasm.pathname.split('/').pop();
  const sw = navigator.serviceWorker;
  sw.addEventListener('controllerchange', () => {
    const now = sw.controller && new URL(sw.controller.scriptURL).searchParams.get('v');
    if (now && now !== version) {
      window.dispatchEvent(new CustomEvent('fwpolicy-update-ready', { detail: { version: now } }));
    }
  });
  // A second after the page has loaded, so that caching the site for offline use (the format
  // engine included) never competes with the first page's own download and start.
  const register = () =>
    sw.register(new URL(`sw.js?v=${encodeURIComponent(version)}`, document.baseURI)).catch(() => {});
  const later = () => setTimeout(register, 1000);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}
