// Never lose work: reloads mid-sequence, two tabs, full storage, damaged entries, data
// of a newer version and the upgrade from the first storage layout. Each fault ends by
// checking that no annotation was lost.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { highlightTexts, selectWord } from './helpers.js';

const article = (page) => page.getByRole('article', { name: 'Article text' });
const sorted = async (page, layer) => (await highlightTexts(page, layer)).sort();

/** A new tab on the app, once the first article shows. */
async function openTab(context) {
  const page = await context.newPage();
  await page.goto('/');
  await expect(article(page)).toContainText('Marchetti');
  return page;
}

/** Opens the document whose title starts as `title` does, from the document list. */
async function openDocument(page, title) {
  await page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: title }).click();
}

async function label(page, word, key = '1') {
  await selectWord(page, word);
  await page.keyboard.press(key);
}

test('a reload in the middle of an edit sequence keeps every finished edit', async ({ page }) => {
  await page.goto('/');
  await label(page, 'Marchetti');
  await label(page, 'Pennick');
  await label(page, 'Eldermere', '2');
  // Reload at once, without waiting for anything after the last key press.
  await page.reload();
  await expect(article(page)).toContainText('Marchetti');
  await expect.poll(() => sorted(page, 'g-l0')).toEqual(['Marchetti', 'Pennick']);
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('two tabs on different documents both keep their edits and see each other', async ({ context }) => {
  const a = await openTab(context);
  const b = await openTab(context);
  // B opens the second document and edits it while A edits the first.
  await openDocument(b, /^Port strike/);
  await expect(article(b)).toContainText('Aridia');
  await label(a, 'Marchetti');
  await label(b, 'Aridia', '3');
  await expect.poll(() => highlightTexts(a, 'g-l0')).toEqual(['Marchetti']);
  await expect.poll(() => highlightTexts(b, 'g-l2')).toContain('Aridia');
  // A's edit reaches B's copy of the first document (the storage event), and back.
  await openDocument(b, /^Council split/);
  await expect.poll(() => highlightTexts(b, 'g-l0')).toEqual(['Marchetti']);
  // Both survive a fresh start.
  const c = await context.newPage();
  await c.goto('/');
  await expect.poll(() => highlightTexts(c, 'g-l0')).toEqual(['Marchetti']);
  await openDocument(c, /^Port strike/);
  await expect.poll(() => highlightTexts(c, 'g-l2')).toContain('Aridia');
});

test('the same document in two tabs: the second is visibly read-only before it edits, then follows the first', async ({ context }) => {
  const a = await openTab(context);
  const b = await openTab(context);
  const banner = b.getByRole('alert', { name: 'Read-only document' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('open for editing in another tab');
  // Both try to label within the same 100 ms.
  await Promise.all([label(a, 'Marchetti'), label(b, 'Pennick')]);
  await expect.poll(() => highlightTexts(a, 'g-l0')).toEqual(['Marchetti']);
  // B shows A's edit, and its own refused edit did not overwrite anything.
  await expect.poll(() => highlightTexts(b, 'g-l0')).toEqual(['Marchetti']);
  // When A moves to another document, B may edit (and A's work is still there).
  await openDocument(a, /^Port strike/);
  await expect(banner).toBeHidden({ timeout: 5000 });
  await label(b, 'Pennick');
  await expect.poll(() => sorted(b, 'g-l0')).toEqual(['Marchetti', 'Pennick']);
  await openDocument(a, /^Council split/);
  await expect.poll(() => sorted(a, 'g-l0')).toEqual(['Marchetti', 'Pennick']);
});

test('a label given while the tab still asks for the document lock is kept', async ({ page }) => {
  // A busy machine answers the lock request late; a key pressed meanwhile must count.
  await page.addInitScript(() => {
    const request = navigator.locks.request.bind(navigator.locks);
    navigator.locks.request = (name, options, callback) =>
      new Promise((resolve) => setTimeout(resolve, 1500)).then(() => request(name, options, callback));
  });
  await page.goto('/');
  await expect(article(page)).toContainText('Eldermere');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('2');
  await expect.poll(() => highlightTexts(page, 'g-l1'), { timeout: 1000 }).toEqual(['Eldermere']);
  await page.reload();
  await expect(article(page)).toContainText('Eldermere');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
});

test('full storage: three edits wait on screen, then reach storage when space is freed', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/');
  await expect(article(page)).toContainText('Marchetti');
  // Another program fills this origin's storage to the last unit.
  await page.evaluate(() => {
    const block = 'x'.repeat(64 * 1024);
    let i = 0;
    for (;;) {
      try { localStorage.setItem(`filler:${i}`, block); i += 1; } catch { break; }
    }
    for (let j = 0; ; j += 1) {
      try { localStorage.setItem(`filler-small:${j}`, 'x'); } catch { break; }
    }
  });
  await label(page, 'Marchetti');
  await label(page, 'Pennick');
  await label(page, 'Eldermere', '2');
  const warning = page.getByRole('alert', { name: 'Storage full' });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('button', { name: 'Download backup' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Not saved' })).toBeVisible();
  await expect.poll(() => sorted(page, 'g-l0')).toEqual(['Marchetti', 'Pennick']);
  // The offered backup holds all three.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    warning.getByRole('button', { name: 'Download backup' }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(JSON.stringify(backup)).toContain('Pennick');
  // Space is freed; saving resumes by itself, without a reload.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler')) localStorage.removeItem(k);
  });
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await expect(warning).toBeHidden();
  // A fresh tab reads all three from storage.
  const check = await context.newPage();
  await check.goto('/');
  await expect.poll(() => sorted(check, 'g-l0')).toEqual(['Marchetti', 'Pennick']);
  await expect.poll(() => highlightTexts(check, 'g-l1')).toEqual(['Eldermere']);
});

test('a damaged entry planted before load: the app starts, names the document and offers its raw data', async ({ page }) => {
  await page.goto('/');
  await label(page, 'Marchetti');
  await label(page, 'Eldermere', '2');
  await openDocument(page, /^Port strike/);
  await label(page, 'Aridia', '3');
  await expect.poll(() => highlightTexts(page, 'g-l2')).toContain('Aridia');
  // Truncate one annotation chunk of the first document.
  const planted = await page.evaluate(() => {
    const keys = Object.keys(localStorage).filter((k) => /:doc:.*:ann:/.test(k));
    const metas = Object.keys(localStorage).filter((k) => k.endsWith(':meta'));
    const council = metas.map((k) => [k, JSON.parse(localStorage.getItem(k))]).find(([, m]) => m.title.startsWith('Council'));
    const id = council[1].id;
    const key = keys.find((k) => k.includes(id));
    const raw = localStorage.getItem(key);
    localStorage.setItem(key, raw.slice(0, Math.floor(raw.length / 2)));
    return { key, value: raw.slice(0, Math.floor(raw.length / 2)) };
  });
  await page.reload();
  const banner = page.getByRole('alert', { name: 'Damaged data' });
  await expect(banner).toContainText('Council split over riverside bike lane');
  await expect(article(page)).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('button', { name: 'Download damaged data' }).click(),
  ]);
  const kept = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(kept[planted.key]).toBe(planted.value);
  // The other document's annotation is intact.
  await openDocument(page, /^Port strike/);
  await expect.poll(() => highlightTexts(page, 'g-l2')).toContain('Aridia');
  // The kept copy stays in storage until the user removes it.
  expect(await page.evaluate((k) => localStorage.getItem(`glossa:v2:kept:${k}`), planted.key)).toBe(planted.value);
});

test('data saved by a newer version opens read-only and is never overwritten', async ({ page }) => {
  await page.goto('/');
  await label(page, 'Marchetti');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  const before = await page.evaluate(() => {
    const root = JSON.parse(localStorage.getItem('glossa:v2:workspace'));
    root.version = 99;
    localStorage.setItem('glossa:v2:workspace', JSON.stringify(root));
    return JSON.stringify(Object.entries(localStorage).sort());
  });
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'newer version of Glossa' })).toBeVisible();
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  await label(page, 'Pennick');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  const after = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  expect(after).toBe(before);
});

test('data of the first storage layout is upgraded with every annotation', async ({ page }) => {
  const v1 = JSON.parse(await readFile('../fixtures/storage/v1-layout.json', 'utf8'));
  await page.addInitScript((entries) => {
    if (!sessionStorage.getItem('planted')) {
      localStorage.clear();
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
      sessionStorage.setItem('planted', '1');
    }
  }, v1);
  await page.goto('/');
  await expect(article(page)).toContainText('Marchetti');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.startsWith('glossa:v1:'))).toEqual([]);
  expect(keys).toContain('glossa:v2:workspace');
  await page.reload();
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
});
