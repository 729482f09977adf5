// The main screen with every layer, photographed for the README, and axe scans of the
// dialogs.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { highlightTexts, selectWord } from './helpers.js';

async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('every layer on screen, and the dialogs pass axe', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('2');
  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('3');
  await selectWord(page, 'River', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('3');
  await selectWord(page, 'Zoë', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await selectWord(page, 'waited');
  await page.keyboard.press('q');
  await selectWord(page, 'told', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('c');
  await page.keyboard.press('Escape');
  await selectWord(page, 'Harold');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await selectWord(page, 'against', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('s');
  await expect.poll(() => highlightTexts(page, 'g-evidence')).toEqual(['against the plan']);
  await expect.poll(() => highlightTexts(page, 'g-cue')).toEqual(['told the packed chamber']);
  await page.getByRole('article', { name: 'Article text' }).evaluate((a) => a.scrollTo(0, 0));
  await page.screenshot({ path: '../../target/e2e-results/layers.png' });
  expect(await seriousViolations(page)).toEqual([]);

  for (const [button, name] of [['Export…', 'Export'], ['Import…', 'Import'], ['Help', 'Keyboard shortcuts'], ['Edit labels…', 'Labels']]) {
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    expect(await seriousViolations(page), `${name} dialog`).toEqual([]);
    if (name === 'Export') await page.screenshot({ path: '../../target/e2e-results/export-dialog.png' });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});
