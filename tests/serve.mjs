// A small static file server for the browser tests, serving files the way static hosts do:
// compressed with brotli (or gzip) when the request accepts it, with the right content types
// (`application/wasm` lets the app instantiate its module while it downloads).
//
//   node serve.mjs --port 4173 --root ../dist
//
// Only GET and HEAD, only files under --root, only on 127.0.0.1. A directory URL serves its
// index.html (a directory URL without its trailing slash is redirected, so relative links work
// under any sub-path). Compressed bodies are kept in memory, keyed by path, size and mtime.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};
/** Types worth compressing (images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.map', '.svg', '.txt', '.md']);

/** Reads `--name value` pairs. */
function options(argv) {
  const out = { port: 4173, root: '.' };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--port' && value) out.port = Number(value);
    else if (name === '--root' && value) out.root = value;
    else {
      console.error(`usage: node serve.mjs --port N --root DIR (unknown argument ${name})`);
      process.exit(2);
    }
  }
  return out;
}

/** The preferred encoding the request accepts: br, then gzip, else none. */
export function pickEncoding(acceptEncoding) {
  const accepted = new Map();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

const cache = new Map();

/** The body of `file` in `encoding` (null: as stored), compressed once and kept. */
function body(file, stat, encoding) {
  if (!encoding) return fs.readFileSync(file);
  const key = `${encoding} ${file} ${stat.size} ${stat.mtimeMs}`;
  let bytes = cache.get(key);
  if (!bytes) {
    const raw = fs.readFileSync(file);
    bytes =
      encoding === 'br'
        ? zlib.brotliCompressSync(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          })
        : zlib.gzipSync(raw, { level: 9 });
    cache.set(key, bytes);
  }
  return bytes;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function serve(root, port) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return send(res, 400, 'bad request\n');
    }
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden\n');
    let stat;
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${pathname}/` });
          return res.end();
        }
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
    } catch {
      return send(res, 404, 'not found\n');
    }
    const ext = path.extname(file).toLowerCase();
    const encoding = COMPRESSIBLE.has(ext) ? pickEncoding(req.headers['accept-encoding']) : null;
    const bytes = body(file, stat, encoding);
    const headers = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': bytes.length,
      'Cache-Control': 'no-cache',
      'Last-Modified': stat.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    if (COMPRESSIBLE.has(ext)) headers['Vary'] = 'Accept-Encoding';
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  server.listen(port, '127.0.0.1');
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { port, root } = options(process.argv.slice(2));
  serve(root, port).on('listening', () => console.log(`serving ${path.resolve(root)} on http://127.0.0.1:${port}/`));
}
