// Two tabs on one workspace: an edit in one makes the other read-only (with a reload
// button), so neither can silently overwrite the other's work.
import { test, expect } from '@playwright/test';
import { highlightTexts, selectWord } from './helpers.js';

test('an edit in another tab makes this tab read-only until reloaded', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/');
  await expect(first.getByRole('article', { name: 'Article text' })).toContainText('Marchetti');
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('article', { name: 'Article text' })).toContainText('Marchetti');

  await selectWord(first, 'Marchetti');
  await first.keyboard.press('1');
  await expect.poll(() => highlightTexts(first, 'g-l0')).toEqual(['Marchetti']);

  const banner = second.getByRole('alert').filter({ hasText: 'changed in another tab' });
  await expect(banner).toBeVisible();
  await selectWord(second, 'Pennick');
  await second.keyboard.press('1');
  await expect.poll(() => highlightTexts(second, 'g-l0')).toEqual([]);

  // After a reload the second tab sees the first tab's work and may edit again.
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect.poll(() => highlightTexts(second, 'g-l0')).toEqual(['Marchetti']);
  await selectWord(second, 'Pennick');
  await second.keyboard.press('1');
  await expect.poll(async () => (await highlightTexts(second, 'g-l0')).sort()).toEqual(['Marchetti', 'Pennick']);
});
