// Trunk post-build hook: in release builds, adds a Content-Security-Policy meta tag that
// allows only our own files, wasm compilation and — by its hash — Trunk's inline loader.
// Debug builds (trunk serve) keep no CSP: the live-reload script and websocket need more.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const profile = process.env.TRUNK_PROFILE;
const dir = process.env.TRUNK_STAGING_DIR;
if (profile !== 'release' || !dir) process.exit(0);

const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script hash(es) added`);
