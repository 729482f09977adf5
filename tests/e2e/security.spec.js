// Hostile input never runs: script-like payloads in pasted text, titles, file names,
// label names, notes and imported JSON are shown as text; the page asks nothing of any
// other origin.
import { test, expect } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { highlightTexts, selectWord } from './helpers.js';

const payload = (n) => `<img src=x onerror="window.__xss=${n};alert(${n})"><script>window.__xss=${n}</script><a href="javascript:window.__xss=${n}">link${n}</a>`;

test('script payloads everywhere are shown as text and never run; no request leaves the origin', async ({ page, baseURL }) => {
  const problems = [];
  const origin = new URL(baseURL).origin;
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    if (u.pathname === '/x') problems.push('an <img src=x> was loaded');
  });
  await page.goto('/');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Marchetti');

  // Pasted text (its first line becomes the title).
  const list = page.getByRole('navigation', { name: 'Documents' });
  await list.getByRole('button', { name: 'Paste text…' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste a text' });
  await paste.getByLabel(/^Text/).fill(`${payload(1)}\n\nMayor Ana Reyes said ${payload(2)} today.`);
  await paste.getByRole('button', { name: 'Add document' }).click();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('onerror="window.__xss=2');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<img src=x');

  // A note on an annotation.
  await selectWord(page, 'Reyes');
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Reyes']);
  const note = page.getByRole('region', { name: 'Selected annotation' }).getByLabel('Note');
  await note.fill(payload(3));
  await note.blur();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();

  // A label name.
  await page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: 'Edit labels…' }).click();
  const labels = page.getByRole('dialog', { name: 'Labels' });
  await labels.getByLabel('Name of MISC').fill(payload(4));
  await labels.getByLabel(/^Name of /).last().press('Enter');
  await labels.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('toolbar', { name: 'Labels' })).toContainText('<img src=x');

  // A file name, and a Glossa JSON file whose title and text carry payloads.
  const dir = '../../target/e2e-results';
  await mkdir(dir, { recursive: true });
  const file = `${dir}/<img src=x onerror=alert(5)>.txt`;
  await writeFile(file, `Harbour note\n\n${payload(6)}`);
  // The one-click backup is a Glossa JSON file of the whole workspace.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Back up/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^glossa-backup-\d{4}-\d{2}-\d{2}-glossa\.json$|^glossa-backup-.*\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  let titled = 0;
  for (const p of exported.projects) {
    for (const d of p.documents) {
      d.title = `${payload(7)} ${d.title}`;
      titled += 1;
    }
  }
  expect(titled).toBe(4);
  const hostileJson = `${dir}/hostile.json`;
  await writeFile(hostileJson, JSON.stringify(exported));
  await page.getByRole('button', { name: 'Import…' }).click();
  const imp = page.getByRole('dialog', { name: 'Import' });
  await imp.getByLabel('Files').setInputFiles(file);
  await expect(imp.getByRole('status')).toContainText('onerror=alert(5)>.txt: added');
  await imp.getByLabel('Files').setInputFiles(hostileJson);
  await expect(imp.getByRole('group', { name: 'How to import' })).toBeVisible();
  await imp.getByRole('button', { name: 'Replace' }).click();
  await imp.getByRole('button', { name: 'Close' }).click();
  await expect(list).toContainText('window.__xss=7');

  // Walk every document so every title and text is rendered.
  const items = list.locator('.doc-list__item');
  const n = await items.count();
  for (let i = 0; i < n; i += 1) {
    await items.nth(i).click();
  }
  await page.reload();
  await expect(page.getByRole('article', { name: 'Article text' })).toBeVisible();

  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  // No payload became an element (the only inline script is the build's own loader).
  expect(await page.evaluate(() => document.querySelectorAll('img, a[href^="javascript"]').length)).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].filter((s) => s.text.includes('__xss')).length)).toBe(0);
  expect(problems).toEqual([]);
});
