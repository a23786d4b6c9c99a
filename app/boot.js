// Starts the app from a file instead of Trunk's default inline <script>, so the page's
// Content-Security-Policy can forbid inline scripts (script-src 'self'). Trunk writes the
// hashed file names into this script tag's data attributes (Trunk.toml `pattern_script`).
const tag = document.querySelector('script[data-wasm]');
const js = new URL(tag.dataset.js, document.baseURI);
const wasm = new URL(tag.dataset.wasm, document.baseURI);
const { default: init } = await import(js.href);
await init({ module_or_path: wasm });
