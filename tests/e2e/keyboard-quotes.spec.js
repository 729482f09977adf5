// Keyboard-only labelling with the word cursor, and a quote with its speaker and cue.
import { test, expect } from '@playwright/test';
import { highlightTexts, selectWord } from './helpers.js';

test('keyboard only: the word cursor selects and extends, a digit labels', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Eldermere');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['Eldermere']);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['Eldermere City Council']);
  await page.keyboard.press('2');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere City Council']);
  // Next word after the mention, then back to the one before.
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['will']);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['Council']);
  await page.keyboard.press('Escape');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual([]);
  await page.keyboard.press('Control+z');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual([]);
});

test('a quote gets its cue and, by labelling a name, its speaker', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'waited');
  await page.keyboard.press('q');
  await expect
    .poll(() => highlightTexts(page, 'g-quote'))
    .toEqual(['We have waited ten years for a safe route to the station,']);
  await selectWord(page, 'told', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['told the packed chamber']);
  await page.keyboard.press('c');
  await expect.poll(() => highlightTexts(page, 'g-cue')).toEqual(['told the packed chamber']);
  await selectWord(page, 'Marchetti', 0);
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  await page.getByRole('tab', { name: 'Quotes' }).click();
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /Marchetti\s*We have waited/ })).toBeVisible();
  // The help overlay lists the shortcuts.
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('rowheader', { name: 'Q', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('keyboard only: resize a mention by words with Shift+Alt+arrows, then delete it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Eldermere');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('2');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
  await page.keyboard.press('Shift+Alt+ArrowRight');
  await page.keyboard.press('Shift+Alt+ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere City Council']);
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['City Council']);
  await page.keyboard.press('Shift+Alt+ArrowLeft');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['City']);
  await page.keyboard.press('Delete');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual([]);
  await page.keyboard.press('Control+z');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['City']);
});
