// The first vertical slice, as a person does it: select a word with the mouse, press 1,
// see it highlighted, reload, and it is still there.
import { test, expect } from '@playwright/test';

import { highlightSize, highlightTexts, selectWord } from './helpers.js';

test('label a word with the mouse and key 1; it survives a reload', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto('/');
  await expect(page.getByRole('toolbar', { name: 'Labels' })).toBeVisible();
  await expect(page.getByRole('button', { name: /PERSON/ })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Marchetti');
  expect(await highlightSize(page, 'g-l0')).toBe(0);

  await selectWord(page, 'Marchetti');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['Marchetti']);
  await page.keyboard.press('1');

  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /PERSON\s*Marchetti/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Marchetti');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  await expect(panel.getByRole('button', { name: /PERSON\s*Marchetti/ })).toBeVisible();
  expect(errors).toEqual([]);

  await page.screenshot({ path: '../../target/e2e-results/slice.png' });
});

test('clicking a label button labels the selection, and undo removes it', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Eldermere');
  await page.getByRole('button', { name: /ORG/ }).click();
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
  await page.keyboard.press('Control+z');
  await expect.poll(() => highlightSize(page, 'g-l1')).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere']);
});

test('Q turns a selection inside quotation marks into a quote without the marks', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'cheapest');
  await page.keyboard.press('q');
  await expect
    .poll(() => highlightTexts(page, 'g-quote'))
    .toEqual(['This is the cheapest and quickest way to get there.']);
  await page.getByRole('tab', { name: 'Quotes' }).click();
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /no speaker\s*This is the cheapest/ })).toBeVisible();
});

test('a reload comes back to the open document at the same scroll position', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Port strike/ }).click();
  const article = page.getByRole('article', { name: 'Article text' });
  await expect(article).toContainText('Andreou');
  await article.hover();
  await page.mouse.wheel(0, 300);
  await expect.poll(() => article.evaluate((a) => a.scrollTop)).toBeGreaterThan(100);
  const top = await article.evaluate((a) => a.scrollTop);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Port strike/);
  await expect.poll(() => article.evaluate((a) => a.scrollTop)).toBe(top);
});
