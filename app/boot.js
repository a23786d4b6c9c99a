// Starts the app from a file instead of Trunk's default inline <script>, so the page's
// Content-Security-Policy can forbid inline scripts (script-src 'self'). Trunk writes the
// hashed file names into this script tag's data attributes (Trunk.toml `pattern_script`).
// Both files are already downloading (Trunk's preload links in <head>); init's fetch takes the
// preloaded wasm response and compiles it while it streams in (WebAssembly.instantiateStreaming,
// which needs the server to send `application/wasm`).
const tag = document.querySelector('script[data-wasm]');
const js = new URL(tag.dataset.js, document.baseURI);
const wasm = new URL(tag.dataset.wasm, document.baseURI);
const { default: init } = await import(js.href);
await init({ module_or_path: wasm });
