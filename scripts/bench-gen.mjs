// Deterministic workload generator of the browser benchmark (scripts/bench.mjs): an
// English-like "news" document of exactly S UTF-16 code units, paragraphs separated by
// "\n\n", with curly-quoted speech, accented and Arabic names and emoji; N
// non-overlapping highlights at word boundaries (labels PERSON, ORG, LOC, QUOTE), ~10 %
// more that nest in or cross them, and one spare word near the top for the add-one
// measurement. The same workload as the shared peer harness (same seed, same sizes), so
// both benchmarks measure the same documents.
//
// Offsets (start/end) are UTF-16 code units (what String.prototype.slice and DOM Ranges
// use); every record carries its quote. Emoji are 2 units each.
//
// Usage: import { generate, SIZES } from './bench-gen.mjs';

export const SIZES = [
  { key: 's30k', S: 30_000, N: 300 },
  { key: 's300k', S: 300_000, N: 3_000 },
  { key: 's1500k', S: 1_500_000, N: 15_000 },
];
export const LABELS = ['PERSON', 'ORG', 'LOC', 'QUOTE'];
export const DEFAULT_SEED = 20240601;

// mulberry32: small, fast, deterministic PRNG
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['José', 'Zoë', 'Renée', 'Jürgen', 'Maria', 'John', 'Aisha', 'Li', 'Émile', 'Søren',
  'Fatima', 'Hiroshi', 'Olga', 'Pedro', 'Chloé', 'Björn', 'Ana', 'David', 'Noémie', 'Kwame'];
const LAST = ['Müller', 'García', 'Dubois', 'Novák', 'Smith', 'Okafor', 'Tanaka', 'Kowalski', 'Jensen',
  'Rossi', 'Nguyen', 'Özdemir', 'Brontë', 'Petrov', 'Silva', 'Haddad', 'Schäfer', 'Lefèvre'];
const ARABIC = ['عبد الرحمن', 'عبد الرحمن الخطيب', 'فاطمة الزهراء'];
const ORGS = ['United Nations', 'Reuters', 'European Commission', 'Nestlé', 'Société Générale',
  'World Health Organization', 'Deutsche Bahn', 'Acme Corp', 'Bundesbank', 'Red Crescent',
  'Münchener Rück', 'Ministry of Finance', 'Central Bank', 'Global Energy Forum'];
const LOCS = ['Zürich', 'São Paulo', 'Montréal', 'Cairo', 'Berlin', 'Nairobi', 'Kraków', 'Reykjavík',
  'New York', 'Düsseldorf', 'Bogotá', 'Île-de-France', 'Jakarta', 'Lagos', 'Tokyo', 'Málaga'];
const WORDS = ('the a an of to in on for with by from as at said would could after before during ' +
  'government officials market prices report week year month people city council plan budget ' +
  'workers union strike talks agreement policy election vote minister economy growth inflation ' +
  'energy climate water river storm flood rescue team hospital school students teachers company ' +
  'shares investors profit losses court judge ruling law police investigation witness statement ' +
  'announced confirmed denied expected reported warned agreed rejected proposed delayed launched ' +
  'new local national regional major early late last next several many few most other public ' +
  'private international small large recent senior former quickly slowly again still never ' +
  'today yesterday tomorrow however meanwhile although because while since until despite').split(' ');
const EMOJI = ['😀', '🌍', '📈', '🎉'];
const VERBS = ['said', 'told reporters', 'added', 'wrote', 'insisted', 'warned'];

function pick(r, arr) { return arr[Math.floor(r() * arr.length)]; }

// Build a sentence as a list of pieces; each piece {t, label?, word?}.
// `word` marks ordinary word tokens (used for the spare "extra" span).
function sentence(r) {
  const pieces = [];
  const nWords = 8 + Math.floor(r() * 14);
  const entityAt = new Set();
  const nEnt = 1 + Math.floor(r() * 2);
  for (let i = 0; i < nEnt; i++) entityAt.add(Math.floor(r() * nWords));
  for (let i = 0; i < nWords; i++) {
    if (i > 0) pieces.push({ t: ' ' });
    if (entityAt.has(i)) {
      const k = r();
      if (k < 0.45) {
        const name = r() < 0.08 ? pick(r, ARABIC) : `${pick(r, FIRST)} ${pick(r, LAST)}`;
        pieces.push({ t: name, label: 'PERSON' });
      } else if (k < 0.75) pieces.push({ t: pick(r, ORGS), label: 'ORG' });
      else pieces.push({ t: pick(r, LOCS), label: 'LOC' });
    } else {
      let w = pick(r, WORDS);
      if (i === 0) w = w[0].toUpperCase() + w.slice(1);
      pieces.push({ t: w, word: true });
    }
    if (r() < 0.01) { pieces.push({ t: ' ' }); pieces.push({ t: pick(r, EMOJI) }); }
  }
  pieces.push({ t: r() < 0.1 ? '!' : '.' });
  return pieces;
}

function quoteSentence(r) {
  // “Quoted words,” Name said.  -> the quoted part (with curly quotes) is a QUOTE
  const inner = [];
  const n = 5 + Math.floor(r() * 9);
  for (let i = 0; i < n; i++) {
    let w = pick(r, WORDS);
    if (i === 0) w = w[0].toUpperCase() + w.slice(1);
    inner.push(w);
  }
  if (r() < 0.3) inner.push(pick(r, EMOJI));
  return [
    { t: `“${inner.join(' ')},”`, label: 'QUOTE' },
    { t: ' ' },
    { t: r() < 0.1 ? pick(r, ARABIC) : `${pick(r, FIRST)} ${pick(r, LAST)}`, label: 'PERSON' },
    { t: ' ' },
    { t: pick(r, VERBS) + '.' },
  ];
}

export function generate({ S, N, key }, seed = DEFAULT_SEED) {
  const r = rng(seed ^ S);
  let text = '';
  const cands = []; // entity spans {start,end,label}
  const words = []; // plain word spans {start,end}, para index
  const paraOf = []; // paragraph start offsets
  let para = 0;
  while (text.length < S) {
    if (text.length > 0) text += '\n\n';
    paraOf.push(text.length);
    const nSent = 2 + Math.floor(r() * 5);
    for (let s = 0; s < nSent; s++) {
      if (s > 0) text += ' ';
      const pieces = r() < 0.15 ? quoteSentence(r) : sentence(r);
      for (const p of pieces) {
        const start = text.length;
        text += p.t;
        if (p.label) cands.push({ start, end: text.length, label: p.label, para });
        else if (p.word) words.push({ start, end: text.length, para });
      }
    }
    para++;
  }
  // Exactly S code units; never split a surrogate pair.
  text = text.slice(0, S);
  const last = text.charCodeAt(S - 1);
  if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, S - 1) + ' ';
  const inText = (c) => c.end <= text.length - 1; // keep a char of slack at the end

  // The spare span for the add-one measurement: a plain word in the first paragraph.
  const extraWord = words.find((w) => w.para === 0 && w.start > 40 && w.end - w.start >= 4) || words[3];

  // Choose N entity spans spread deterministically over the document.
  const pool = cands.filter(inText);
  if (pool.length < N) throw new Error(`not enough candidate spans (${pool.length} < ${N}) for S=${S}`);
  // seeded partial shuffle
  const idx = pool.map((_, i) => i);
  for (let i = 0; i < N; i++) {
    const j = i + Math.floor(r() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const chosen = idx.slice(0, N).sort((a, b) => a - b).map((i) => pool[i]);
  const highlights = chosen.map((c, i) => ({
    id: `h${i}`, start: c.start, end: c.end, label: c.label, quote: text.slice(c.start, c.end),
  }));

  // ~10% overlapping highlights: each extends a chosen span by one neighbouring
  // word (left or right, same paragraph) -> nested or crossing overlaps.
  const wordStarts = words.filter(inText);
  const startAt = new Map(wordStarts.map((w) => [w.start, w]));
  const endAt = new Map(wordStarts.map((w) => [w.end, w]));
  const overlaps = [];
  const nOv = Math.round(N / 10);
  const step = N / nOv;
  let hi = 0;
  for (let k = 0; k < nOv; k++) {
    hi = Math.max(hi, Math.floor(k * step));
    for (; hi < N; hi++) {
      const h = highlights[hi];
      const next = startAt.get(h.end + 1); // word right after (one space)
      const prev = endAt.get(h.start - 1); // word right before (one space)
      let start = h.start, end = h.end;
      if (k % 2 === 0 && next && text[h.end] === ' ') end = next.end;
      else if (prev && text[h.start - 1] === ' ') start = prev.start;
      else if (next && text[h.end] === ' ') end = next.end;
      else continue;
      const label = LABELS[(LABELS.indexOf(h.label) + 1 + (k % 3)) % 4];
      overlaps.push({ id: `o${overlaps.length}`, start, end, label, quote: text.slice(start, end), overlapsWith: h.id });
      hi++;
      break;
    }
  }

  // The extra span must not be covered by anything (needed by the <mark> baseline).
  const covered = (a, b) => highlights.concat(overlaps).some((h) => h.start < b && a < h.end);
  let extraSpan = extraWord;
  if (covered(extraSpan.start, extraSpan.end)) {
    extraSpan = words.find((w) => w.start > 40 && w.end - w.start >= 3 && !covered(w.start, w.end));
  }
  const extra = { id: 'x0', start: extraSpan.start, end: extraSpan.end, label: 'ORG',
    quote: text.slice(extraSpan.start, extraSpan.end) };

  return { key, seed, S: text.length, N, labels: LABELS, text, highlights, overlaps, extra };
}
