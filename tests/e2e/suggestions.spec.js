// The quote finder's suggestions reviewed by keyboard: J goes to the next, A accepts,
// X rejects, Ctrl+Z undoes; accepted ones are kept with their provenance.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { highlightTexts } from './helpers.js';

async function pendingCount(page) {
  const group = page.getByRole('group', { name: 'Suggestions', exact: true });
  const t = await group.textContent();
  const m = t.match(/(\d+) suggestion/);
  return m ? Number(m[1]) : 0;
}

test('find quotes, accept two by keyboard, reject one, undo', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Find quotes' }).click();
  await expect(page.getByRole('group', { name: 'Suggestions', exact: true })).toContainText('suggestion(s)');
  const n0 = await pendingCount(page);
  expect(n0).toBeGreaterThanOrEqual(5);
  await expect.poll(async () => (await highlightTexts(page, 'g-suggest')).length).toBeGreaterThan(0);
  const quotes = await highlightTexts(page, 'g-quote');
  expect(quotes).toContain('We have waited ten years for a safe route to the station,');

  await page.getByRole('article', { name: 'Article text' }).focus();
  await page.keyboard.press('j');
  await expect(page.getByRole('group', { name: 'Suggestion', exact: true })).toBeVisible();
  await page.screenshot({ path: '../../target/e2e-results/suggestions.png' });
  await page.keyboard.press('a');
  await expect.poll(() => pendingCount(page)).toBeLessThan(n0);
  const n1 = await pendingCount(page);
  await page.keyboard.press('a');
  await expect.poll(() => pendingCount(page)).toBeLessThan(n1);
  const n2 = await pendingCount(page);
  await page.keyboard.press('x');
  await expect.poll(() => pendingCount(page)).toBeLessThan(n2);
  await page.keyboard.press('Control+z');
  await expect.poll(() => pendingCount(page)).toBe(n2);

  // The review log shows what was accepted per source so far.
  await expect(page.getByRole('group', { name: 'Suggestions', exact: true })).toContainText('Accepted so far:');

  // The two accepted ones are kept as accepted suggestions in the native export.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /^Download/ }).click(),
  ]);
  const json = JSON.parse(await readFile(await download.path(), 'utf8'));
  const doc = json.projects[0].documents[0];
  const all = [...doc.mentions, ...doc.quotes];
  const accepted = all.filter((a) => a.provenance && a.provenance.accepted === true);
  expect(accepted.length).toBeGreaterThanOrEqual(2);
  const waiting = all.filter((a) => a.provenance && a.provenance.accepted === false);
  expect(waiting.length).toBe(n2);
});

test('propagate an entity to its other occurrences and accept them all', async ({ page }) => {
  await page.goto('/');
  const { selectWord } = await import('./helpers.js');
  await selectWord(page, 'Pennick', 0);
  await page.keyboard.press('1');
  const card = page.getByRole('region', { name: 'Selected annotation' });
  await card.getByRole('button', { name: 'Suggest other occurrences' }).click();
  await expect.poll(() => pendingCount(page)).toBe(1);
  await expect.poll(async () => (await highlightTexts(page, 'g-suggest')).length).toBe(1);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => pendingCount(page)).toBe(0);
  await expect.poll(async () => (await highlightTexts(page, 'g-l0')).filter((t) => t === 'Pennick').length).toBe(2);
});

test('imported spaCy pre-annotations are accepted one by one', async ({ page }) => {
  const { writeFile, mkdir } = await import('node:fs/promises');
  await mkdir('../../target/e2e-results', { recursive: true });
  const file = '../../target/e2e-results/pre2.jsonl';
  const text = 'Ana Lopes met the Harbour Board in Faro on Monday.';
  await writeFile(
    file,
    JSON.stringify({
      text,
      spans: [
        { start: 0, end: 9, label: 'PERSON' },
        { start: 18, end: 31, label: 'ORG' },
        { start: 35, end: 39, label: 'LOC' },
      ],
    }) + '\n',
  );
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles(file);
  await expect(dialog.getByRole('status')).toContainText('with suggestions');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Ana Lopes/ }).click();
  await expect.poll(() => pendingCount(page)).toBe(3);
  await page.getByRole('article', { name: 'Article text' }).focus();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter'); // accept Ana Lopes
  await page.keyboard.press('x'); // reject Harbour Board
  await expect.poll(() => pendingCount(page)).toBe(1);
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual([]);
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Ana Lopes']);
  await expect.poll(() => highlightTexts(page, 'g-suggest')).toEqual(['Faro']);
});

test('reject all suggestions of one kind only', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Find quotes' }).click();
  const group = page.getByRole('group', { name: 'Suggestions', exact: true });
  await expect(group).toContainText('suggestion(s)');
  await group.getByLabel('Which suggestions').selectOption('kind:mention');
  await group.getByRole('button', { name: 'Reject all' }).click();
  // Only quotes are left as suggestions: every dashed span is a quote.
  await expect.poll(async () => {
    const suggested = await highlightTexts(page, 'g-suggest');
    const quotes = await highlightTexts(page, 'g-quote');
    return suggested.length > 0 && suggested.every((t) => quotes.includes(t));
  }).toBe(true);
  await expect(group).toContainText(/speaker-suggester 0\/\d+ \(0%\)/);
});
