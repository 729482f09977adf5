#!/usr/bin/env node
// Browser benchmark of the release build (scripts/bench.sh builds it first).
//
//   node scripts/bench.mjs [dist]        (dist defaults to target/bench-dist)
//
// Generates the workloads (scripts/bench-gen.mjs), serves the build, the documents and a
// plain-text baseline page from one static server on 127.0.0.1, and drives the app's
// `?bench=1` hooks (src/bench.rs) in headless Chromium: a fresh browser context and page
// per run, Glossa and the baseline interleaved. Prints a markdown table of medians (and
// ratios to the baseline) on stdout; every run goes to target/bench-results.json.
//
// Env: REPS (5)  SIZES (s30k,s300k,s1500k)  OPS (20: add/relabel/remove repetitions per
//      run)  TIMEOUT_MS (120000)  CHROMIUM (/usr/bin/chromium)
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIZES, generate } from './bench-gen.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(path.join(ROOT, 'tests/e2e/node_modules/playwright-core/index.mjs'));
const env = process.env;
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'target/bench-dist'));
const REPS = Number(env.REPS || 5);
const OPS = Number(env.OPS || 20);
const TIMEOUT_MS = Number(env.TIMEOUT_MS || 120_000);
const CHROMIUM = env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
// The same launch arguments as the shared peer harness.
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const sizes = SIZES.filter((s) => !env.SIZES || env.SIZES.split(',').includes(s.key));
const FORMATS = ['Glossa JSON', 'spaCy JSONL', 'CoNLL-2003', 'brat', 'W3C', 'Label Studio', 'CSV'];

// ---- the plain-text baseline: the text as <p> paragraphs in one innerHTML, nothing else ----
const PLAIN_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plain text baseline</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/plain.css"></head>
<body><div id="doc"></div><script src="/plain.js"></script></body></html>`;
const PLAIN_CSS = `html, body { margin: 0; } #doc { width: 720px; margin: 0 auto; padding: 16px 24px;
font: 18px/1.7 Georgia, serif; } #doc p { margin: 0 0 1.1em; white-space: pre-wrap; overflow-wrap: anywhere; }`;
const PLAIN_JS = `(function () {
  const el = document.getElementById('doc');
  const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
  let doc;
  window.__benchPeer = {
    name: 'plain',
    setup(d) { doc = d; el.textContent = ''; },
    load() { el.innerHTML = doc.text.split('\\n\\n').map((p) => '<p>' + esc(p) + '</p>').join('\\n\\n'); },
    ready() { return el.childElementCount > 0; },
  };
})();`;

// ---- static server: the build, the documents, the baseline ----
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
const docs = {};
function startServer() {
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (type, body) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    if (p === '/plain.html') return send(TYPES['.html'], PLAIN_HTML);
    if (p === '/plain.js') return send(TYPES['.js'], PLAIN_JS);
    if (p === '/plain.css') return send(TYPES['.css'], PLAIN_CSS);
    const m = p.match(/^\/data\/(\w+)\.json$/);
    if (m && docs[m[1]]) return send(TYPES['.json'], docs[m[1]]);
    const file = path.join(DIST, path.normalize(p === '/' ? '/index.html' : p));
    if (!file.startsWith(DIST)) { res.writeHead(404); res.end(); return; }
    try { send(TYPES[path.extname(file)] || 'application/octet-stream', readFileSync(file)); } catch { res.writeHead(404); res.end('not found'); }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => {
  const a = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((x, y) => x - y);
  if (!a.length) return null;
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const MB = (b) => b / 1048576;
const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: timeout after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
};

// ---- in-page functions (serialized by Playwright) ----
// Times `start()` until `done()` is true (polled once per animation frame), then two
// more animation frames: the same rule as the shared peer harness.
async function timed({ what, args, ready, readyArgs, timeoutMs }) {
  const P = window.__benchPeer;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const t0 = performance.now();
  await P[what](...args);
  const callMs = performance.now() - t0;
  const rargs = readyArgs === 'hs' ? [window.__benchHs] : readyArgs;
  for (;;) {
    if (!ready || P[ready](...rargs)) break;
    if (performance.now() - t0 > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await frame();
  }
  await frame(); await frame();
  return { ms: performance.now() - t0, callMs };
}

async function fetchDoc(url) {
  window.__benchDoc = await (await fetch(url)).json();
  const d = window.__benchDoc;
  window.__benchHs = d.highlights.concat(d.overlaps);
  return window.__benchHs.length;
}

async function measureGlossa(browser, base, size) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const rec = { size: size.key };
  try {
    // Marks the moment the app is interactive: the first article paragraph exists, then
    // two animation frames (performance.now() counts from the navigation's start).
    await ctx.addInitScript(() => {
      const poll = () => {
        if (document.querySelector('.article .article__para')) {
          requestAnimationFrame(() => requestAnimationFrame(() => { window.__interactiveMs = performance.now(); }));
        } else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message || e).slice(0, 300)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    };
    await page.goto(`${base}/?bench=1`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__benchPeer && window.__interactiveMs, null, { timeout: 60_000 });
    rec.startMs = await page.evaluate(() => window.__interactiveMs);
    rec.wasmStartMB = MB(await page.evaluate(() => window.__benchPeer.memoryBytes()));
    rec.heapStartMB = MB((await heap()).JSHeapUsedSize);
    rec.count = await page.evaluate(fetchDoc, `${base}/data/${size.key}.json`);
    const ev = (fn, arg) => withTimeout(page.evaluate(fn, arg), TIMEOUT_MS + 15_000, 'page');

    // Opening: the text on screen (the paste path), then the import of the highlights.
    rec.setupMs = await ev(() => (async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      await window.__benchPeer.setup(window.__benchDoc);
      await frame(); await frame();
      return performance.now() - t0;
    })());
    rec.wasmSetupMB = MB(await ev(() => window.__benchPeer.memoryBytes()));
    rec.fileBytes = await ev(() => window.__benchPeer.prepare(window.__benchHs));
    const m0 = await heap();
    rec.heapBeforeMB = MB(m0.JSHeapUsedSize);
    rec.wasmBeforeMB = MB(await ev(() => window.__benchPeer.memoryBytes()));
    const load = await ev(timed, { what: 'load', args: [], ready: 'ready', readyArgs: 'hs', timeoutMs: TIMEOUT_MS })
      .catch((e) => ({ error: e.message }));
    if (load.error) throw new Error(load.error);
    rec.loadMs = load.ms; rec.loadCallMs = load.callMs;
    const m1 = await heap();
    rec.heapMB = MB(m1.JSHeapUsedSize); rec.heapDeltaMB = rec.heapMB - rec.heapBeforeMB;
    rec.wasmMB = MB(await ev(() => window.__benchPeer.memoryBytes()));
    rec.nodes = m1.Nodes;
    rec.verify = await ev(() => window.__benchPeer.verify(window.__benchHs));
    rec.status = await ev(() => window.__benchPeer.status());

    // TRACE=1: a timeline trace of the edits, summed by event (printed to stderr).
    const traceEvents = [];
    if (env.TRACE) {
      cdp.on('Tracing.dataCollected', (d) => traceEvents.push(...d.value));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,v8.execute', transferMode: 'ReportEvents' });
    }
    // One edit at a time, as the keyboard does it: add, relabel, remove the spare word.
    const ops = await ev(({ n, timeoutMs }) => (async () => {
      const P = window.__benchPeer;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const h = window.__benchDoc.extra;
      const relabelled = { ...h, label: 'PERSON' };
      const out = { add: [], relabel: [], remove: [] };
      const run = async (list, act, ready) => {
        const t0 = performance.now();
        act();
        while (!ready()) {
          if (performance.now() - t0 > timeoutMs) throw new Error('edit not painted');
          await frame();
        }
        await frame(); await frame();
        list.push(performance.now() - t0);
      };
      for (let i = 0; i < n; i++) {
        await run(out.add, () => P.addOne(h), () => P.readyOne(h));
        await run(out.relabel, () => P.relabel(h, 'PERSON'), () => P.readyRelabel(h, 'PERSON'));
        await run(out.remove, () => P.removeOne(relabelled), () => P.readyGone(relabelled));
        // Start the next edit at some point inside a frame, as a key press would.
        await new Promise((r) => setTimeout(r, 2 + ((i * 5) % 11)));
      }
      return out;
    })(), { n: OPS, timeoutMs: TIMEOUT_MS });
    rec.addMs = median(ops.add); rec.relabelMs = median(ops.relabel); rec.removeMs = median(ops.remove);
    if (env.TRACE) {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      const sum = new Map();
      for (const e of traceEvents) if (e.ph === 'X' && e.dur) sum.set(e.name, (sum.get(e.name) || 0) + e.dur / 1000);
      const edits = 3 * OPS;
      const top = [...sum.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
      console.error(`trace of ${edits} edits (${size.key}), ms per edit by event (nested events overlap):`);
      for (const [name, ms] of top) console.error(`  ${(ms / edits).toFixed(2).padStart(8)}  ${name}`);
    }

    // Exports of the document in every format, and the autosave of one edit.
    rec.exports = [];
    for (let i = 0; i < FORMATS.length; i++) rec.exports.push(await ev((k) => window.__benchPeer.exportFormat(k), i));
    const saves = [];
    for (let i = 0; i < 5; i++) saves.push(await ev(() => window.__benchPeer.autosave()));
    rec.autosaveMs = median(saves.map((s) => s.ms));
    rec.autosaveError = saves.find((s) => s.error)?.error || null;
    // Where the load's time goes: its steps (timed inside load) and the parts of its last
    // step, re-timed one by one.
    rec.parts = await ev(() => window.__benchPeer.profileParts());
    // Reopening: a reload reads the saved workspace and shows the same document again.
    // Its memory is what a session with this document holds (the import's transient
    // peak above is gone: wasm memory only ever grows within one page).
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => window.__benchPeer && window.__interactiveMs, null, { timeout: 60_000 });
    rec.reopenMs = await page.evaluate(() => window.__interactiveMs);
    rec.reopenMentions = (await page.evaluate(() => window.__benchPeer.status())).mentions;
    rec.reopenHeapMB = MB((await heap()).JSHeapUsedSize);
    rec.reopenWasmMB = MB(await page.evaluate(() => window.__benchPeer.memoryBytes()));
    rec.ok = !!rec.verify?.ok;
    if (errors.length) rec.pageErrors = errors.slice(0, 5);
  } catch (e) {
    rec.ok = false;
    rec.error = String(e && e.message || e).split('\n')[0].slice(0, 300);
  } finally {
    await ctx.close().catch(() => {});
  }
  return rec;
}

async function measurePlain(browser, base, size) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const rec = { size: size.key };
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${base}/plain.html`, { waitUntil: 'load' });
    await page.evaluate(fetchDoc, `${base}/data/${size.key}.json`);
    await page.evaluate(() => window.__benchPeer.setup(window.__benchDoc));
    await cdp.send('HeapProfiler.collectGarbage');
    const before = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    const t = await page.evaluate(timed, { what: 'load', args: [], ready: 'ready', readyArgs: [], timeoutMs: TIMEOUT_MS });
    rec.loadMs = t.ms;
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    rec.heapMB = MB(after); rec.heapDeltaMB = MB(after - before);
    rec.ok = true;
  } catch (e) {
    rec.ok = false;
    rec.error = String(e && e.message || e).split('\n')[0].slice(0, 300);
  } finally {
    await ctx.close().catch(() => {});
  }
  return rec;
}

function bundle() {
  const files = readdirSync(DIST).filter((f) => /\.(wasm|js|css)$/.test(f));
  const out = {};
  for (const kind of ['wasm', 'js', 'css']) {
    const fs = files.filter((f) => f.endsWith('.' + kind));
    const bufs = fs.map((f) => readFileSync(path.join(DIST, f)));
    out[kind] = { raw: bufs.reduce((a, b) => a + b.length, 0), gzip: bufs.reduce((a, b) => a + zlib.gzipSync(b, { level: 9 }).length, 0) };
  }
  out.total = { raw: out.wasm.raw + out.js.raw + out.css.raw, gzip: out.wasm.gzip + out.js.gzip + out.css.gzip };
  return out;
}

const fmt = (x, d = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const sizeName = (s) => `${s.S >= 1e6 ? s.S / 1e6 + 'M' : s.S / 1e3 + 'k'}/${Math.round(s.N * 1.1)}`;

function report(glossa, plain, meta, b) {
  const lines = [];
  const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
  const med = (runs, k) => median(runs.filter((r) => r.ok).map((r) => (typeof k === 'function' ? k(r) : r[k])));
  const S = sizes.map((s) => ({ s, g: glossa.filter((r) => r.size === s.key), p: plain.filter((r) => r.size === s.key) }));
  row(['metric', ...sizes.map(sizeName), 'target']);
  row(['---', ...sizes.map(() => '---:'), '---']);
  const metric = (name, f, target = '') => row([name, ...S.map(f), target]);
  metric('runs ok (Glossa / plain)', ({ g, p }) => `${g.filter((r) => r.ok).length}/${g.length} · ${p.filter((r) => r.ok).length}/${p.length}`);
  metric('plain text on screen, ms (baseline)', ({ p }) => fmt(med(p, 'loadMs')));
  metric('setup: text on screen (paste path), ms', ({ g }) => fmt(med(g, 'setupMs')));
  metric('load→painted (import of the highlights), ms', ({ g }) => fmt(med(g, 'loadMs')));
  metric('opening (setup + load) ÷ plain', ({ g, p }) => fmt(med(g, (r) => r.setupMs + r.loadMs) / med(p, 'loadMs'), 2), '≤ 1.5 (300k, 1.5M)');
  metric(`add one → painted, ms (median of ${OPS})`, ({ g }) => fmt(med(g, 'addMs'), 1));
  metric(`relabel one → painted, ms (median of ${OPS})`, ({ g }) => fmt(med(g, 'relabelMs'), 1));
  metric(`remove one → painted, ms (median of ${OPS})`, ({ g }) => fmt(med(g, 'removeMs'), 1));
  metric('autosave of one edit, ms', ({ g }) => fmt(med(g, 'autosaveMs'), 1), '≤ 10 (1.5M)');
  metric('save state after load', ({ g }) => (g.find((r) => r.ok)?.status?.save || '–'));
  metric('JS heap after load, MB (growth)', ({ g }) => `${fmt(med(g, 'heapMB'), 1)} (+${fmt(med(g, 'heapDeltaMB'), 1)})`);
  metric('wasm memory after load, MB (growth since app start)', ({ g }) => `${fmt(med(g, 'wasmMB'), 1)} (+${fmt(med(g, (r) => r.wasmMB - r.wasmStartMB), 1)})`);
  metric('wasm memory: at start → after setup → after prepare, MB', ({ g }) => `${fmt(med(g, 'wasmStartMB'), 1)} → ${fmt(med(g, 'wasmSetupMB'), 1)} → ${fmt(med(g, 'wasmBeforeMB'), 1)}`);
  metric('JS heap growth by the load + wasm growth since app start, MB', ({ g }) => fmt(med(g, (r) => r.heapDeltaMB + r.wasmMB - r.wasmStartMB), 1), '≤ recogito\'s JS heap growth');
  metric('reopen (reload with the document saved) → interactive, ms', ({ g }) => fmt(med(g, 'reopenMs')));
  metric('after reopening: JS heap + wasm memory, MB', ({ g }) => `${fmt(med(g, 'reopenHeapMB'), 1)} + ${fmt(med(g, 'reopenWasmMB'), 1)}`);
  metric('plain page JS heap, MB (growth)', ({ p }) => `${fmt(med(p, 'heapMB'), 1)} (+${fmt(med(p, 'heapDeltaMB'), 1)})`);
  metric('DOM nodes', ({ g }) => fmt(med(g, 'nodes')));
  metric('import file (Glossa JSON), MB', ({ g }) => fmt(med(g, (r) => MB(r.fileBytes)), 1));
  FORMATS.forEach((f, i) => metric(`export ${f}, ms`, ({ g }) => fmt(med(g, (r) => r.exports[i].ms)), i === 0 ? '≤ 200 (1.5M)' : ''));
  metric('ms per 1k characters: opening (linearity)', ({ s, g }) => fmt(med(g, (r) => r.setupMs + r.loadMs) / (s.S / 1000), 2));
  metric('MB per 1M characters: heap + wasm (linearity)', ({ s, g }) => fmt(med(g, (r) => r.heapMB + r.wasmMB) / (s.S / 1e6), 1));
  lines.push('');
  lines.push(`App start with the sample corpus → interactive (navigation to the first article painted): ${fmt(median(glossa.map((r) => r.startMs)))} ms (median of ${glossa.length}).`);
  lines.push('');
  lines.push(`Release bundle: wasm ${fmt(b.wasm.raw / 1024)} KB (${fmt(b.wasm.gzip / 1024)} KB gzip), JS ${fmt(b.js.raw / 1024)} KB (${fmt(b.js.gzip / 1024)} KB gzip), ` +
    `CSS ${fmt(b.css.raw / 1024)} KB (${fmt(b.css.gzip / 1024)} KB gzip); total ${fmt(b.total.raw / 1024)} KB raw, **${fmt(b.total.gzip / 1024)} KB gzip -9** (target ≤ 300 KB gzip).`);
  const fails = glossa.concat(plain).filter((r) => !r.ok);
  if (fails.length) {
    lines.push('', 'Failures:');
    for (const f of fails) lines.push(`- ${f.size}: ${f.error || f.verify?.note || 'failed'}`);
  }
  const v = glossa.filter((r) => r.ok).slice(-1)[0];
  if (v) lines.push('', `Verification (last run, ${v.size}): ${v.verify.note}`);
  lines.push('', 'Profile of the load (last run of each size):');
  for (const s of sizes) {
    const r = glossa.filter((x) => x.ok && x.size === s.key).slice(-1)[0];
    if (!r) continue;
    const p = r.parts || {};
    lines.push(`- ${sizeName(s)}: ${(r.status?.loadNote || '').split('; merge')[0]}; of the last step: workspace clone ${fmt(p.cloneWorkspaceMs, 1)}, ` +
      `rebuilding the document's indexes ${fmt(p.rebuildIndexesMs, 1)}, storing the whole workspace ${fmt(p.storeAllMs, 1)}, repaint ${fmt(p.repaintMs, 1)} ms.`);
  }
  lines.push('', `Medians of ${REPS} runs per size, each in a fresh browser context; ${meta.chromium}, ${meta.cpus}, ${meta.memGB} GB; ` +
    `load average ${meta.loadAvgBefore.toFixed(1)} before and ${meta.loadAvgAfter.toFixed(1)} after the run; ${meta.date}.`);
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  for (const s of sizes) {
    const d = generate(s);
    docs[s.key] = JSON.stringify(d);
    console.error(`data ${s.key}: ${d.S} chars, ${d.highlights.length} + ${d.overlaps.length} highlights`);
  }
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  const meta = {
    date: new Date().toISOString(), chromium: `Chromium ${browser.version()}`, node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model}`, memGB: Math.round(os.totalmem() / 2 ** 30), reps: REPS, ops: OPS,
    loadAvgBefore: os.loadavg()[0],
  };
  const glossa = [];
  const plain = [];
  for (const size of sizes) {
    for (let rep = 0; rep < REPS; rep++) {
      const p = await measurePlain(browser, base, size);
      plain.push(p);
      const g = await measureGlossa(browser, base, size);
      glossa.push(g);
      console.error(`${size.key} rep${rep}: plain ${fmt(p.loadMs)} ms; glossa ${g.ok ? 'ok' : 'FAIL'} setup ${fmt(g.setupMs)} load ${fmt(g.loadMs)} ` +
        `add ${fmt(g.addMs, 1)} relabel ${fmt(g.relabelMs, 1)} remove ${fmt(g.removeMs, 1)} autosave ${fmt(g.autosaveMs, 1)} ms` +
        `${g.error ? ' ' + g.error : ''}${g.ok ? '' : ' ' + (g.verify?.note || '')}`);
    }
  }
  await browser.close();
  server.close();
  meta.loadAvgAfter = os.loadavg()[0];
  const b = bundle();
  const md = report(glossa, plain, meta, b);
  console.log(md);
  mkdirSync(path.join(ROOT, 'target'), { recursive: true });
  writeFileSync(path.join(ROOT, 'target/bench-results.json'), JSON.stringify({ meta, bundle: b, glossa, plain, seconds: (Date.now() - started) / 1000 }, null, 1));
  console.error(`total ${((Date.now() - started) / 1000).toFixed(0)} s; runs in target/bench-results.json`);
  if (glossa.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
