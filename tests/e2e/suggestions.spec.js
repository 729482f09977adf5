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
