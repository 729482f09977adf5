// Find in the document: Ctrl+F, matches painted, Enter selects the next match (a label
// key labels it), and "Label all matches" labels every match as one undoable step.
import { test, expect } from '@playwright/test';
import { highlightTexts } from './helpers.js';

test('find, label one match by key, then label all matches', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Eldermere');
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: 'Find in document' });
  await expect(bar.getByRole('searchbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.type('eldermere');
  await expect(bar.getByRole('status')).toHaveText(/match\(es\)/);
  const count = Number((await bar.getByRole('status').textContent()).split(' ')[0]);
  expect(count).toBeGreaterThanOrEqual(3);
  await expect.poll(async () => (await highlightTexts(page, 'g-find')).length).toBeGreaterThan(0);
  expect((await highlightTexts(page, 'g-find')).every((t) => t === 'Eldermere')).toBe(true);

  // Enter selects the first match; leave the box and press 3 to label it LOC.
  await page.keyboard.press('Enter');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['Eldermere']);
  await page.getByRole('article', { name: 'Article text' }).focus();
  await page.keyboard.press('3');
  await expect.poll(() => highlightTexts(page, 'g-l2')).toEqual(['Eldermere']);

  // Label all matches as LOC: the one already labelled is skipped.
  await bar.getByLabel('Label for all matches').selectOption({ label: 'LOC' });
  await bar.getByRole('button', { name: 'Label all matches' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Label ${count - 1} match(es) as LOC` })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status').filter({ hasText: 'Undone' })).toBeVisible();
  await expect.poll(() => highlightTexts(page, 'g-l2')).toEqual(['Eldermere']);
});
