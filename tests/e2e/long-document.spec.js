// A 300,000-character document with 3,000 annotations: only the ranges near the
// viewport are registered, the last paragraph is painted after scrolling to it, and the
// side panel renders a bounded number of rows.
import { test, expect } from '@playwright/test';
import { writeFile, mkdir } from 'node:fs/promises';

const WORDS = ['the', 'council', 'said', 'José', 'port', 'strike', 'voted', 'on', 'Tuesday', 'minister', 'told', 'reporters', '🌍', 'عمر'];

function longDocument() {
  let text = '';
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const spans = [];
  let para = 0;
  let cps = 0; // code points so far (offsets for spaCy count code points)
  const add = (s) => {
    text += s;
    cps += [...s].length;
  };
  while (text.length < 300000) {
    const before = cps;
    if (para === 0) {
      // One labelled name at the start of each paragraph (code-point offsets).
      const name = `Name${spans.length}`;
      spans.push({ start: before, end: before + name.length, label: 'PERSON' });
      add(name + ' ');
      para += name.length + 1;
      continue;
    }
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    add(w);
    para += w.length + 1;
    if (para > 92) {
      add('.\n\n');
      para = 0;
    } else {
      add(' ');
    }
  }
  return { text, spans };
}

/** Ranges registered across every highlight. */
async function registeredRanges(page) {
  return page.evaluate(() => {
    let n = 0;
    for (const [, h] of CSS.highlights) n += h.size;
    return n;
  });
}

test('a long document registers only the visible neighbourhood', async ({ page }) => {
  test.setTimeout(120_000);
  const { text, spans } = longDocument();
  expect(spans.length).toBeGreaterThan(2900);
  expect(spans.length).toBeLessThan(3300);
  const t0 = Date.now();
  const lap = (what) => console.log(`${what}: ${Date.now() - t0} ms`);
  await mkdir('../../target/e2e-results', { recursive: true });
  const file = '../../target/e2e-results/long.jsonl';
  await writeFile(file, JSON.stringify({ text, spans, meta: { title: 'Long document' } }) + '\n');

  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles(file);
  await expect(dialog.getByRole('status')).toContainText('1 document(s) with suggestions', { timeout: 30_000 });
  lap('imported');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Long document/ }).click();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Name0');

  await expect.poll(() => page.evaluate(() => CSS.highlights.get('g-l0')?.size ?? 0)).toBeGreaterThan(5);
  lap('opened');
  const atTop = await registeredRanges(page);
  expect(atTop).toBeLessThan(400);

  // Scroll to the end like a person (mouse wheel over the article).
  const article = page.getByRole('article', { name: 'Article text' });
  await article.hover();
  for (let i = 0; i < 60; i += 1) await page.mouse.wheel(0, 20000);
  lap('scrolled');
  const last = `Name${spans.length - 1}`;
  await expect
    .poll(() => page.evaluate(() => [...(CSS.highlights.get('g-l0') ?? [])].map((r) => r.toString())), { timeout: 10_000 })
    .toContain(last);
  lap('painted at the end');
  expect(await registeredRanges(page)).toBeLessThan(400);

  // The panel shows a bounded number of rows and says how many more there are.
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  const rows = await panel.locator('.side-panel__row').count();
  expect(rows).toBeLessThanOrEqual(500);
  await expect(panel.getByText(/more not shown/)).toBeVisible();
});
