// The label schema editor: rename, add with a key, delete a label in use (its mentions
// move to another label), all visible in the palette and the panel.
import { test, expect } from '@playwright/test';
import { highlightTexts, selectWord } from './helpers.js';

test('labels can be renamed, added and deleted with their annotations moved', async ({ page }) => {
  await page.goto('/');
  const palette = page.getByRole('toolbar', { name: 'Labels' });
  await palette.getByRole('button', { name: 'Edit labels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Labels' });

  await dialog.getByLabel('Name of MISC').fill('EVENT');
  await dialog.getByLabel('Name of MISC').press('Enter');
  await expect(palette.getByRole('button', { name: /EVENT/ })).toBeVisible();

  await dialog.getByLabel('Name', { exact: true }).fill('GPE');
  await dialog.getByLabel('Key', { exact: true }).fill('5');
  await dialog.getByRole('button', { name: 'Add label' }).click();
  await expect(palette.getByRole('button', { name: /GPE/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('5');
  await expect.poll(() => highlightTexts(page, 'g-l4')).toEqual(['Eldermere']);

  // Delete GPE while it is used: choose to move its mention to LOC.
  await palette.getByRole('button', { name: 'Edit labels…' }).click();
  await dialog.getByRole('button', { name: 'Delete GPE' }).click();
  const choice = dialog.getByRole('group', { name: 'The label is in use' });
  await expect(choice).toContainText('GPE is used by 1 annotation(s)');
  await choice.getByLabel('Move them to').selectOption({ label: 'LOC' });
  await choice.getByRole('button', { name: 'Move and delete the label' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(palette.getByRole('button', { name: /GPE/ })).toHaveCount(0);
  await expect.poll(() => highlightTexts(page, 'g-l2')).toEqual(['Eldermere']);
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /LOC\s*Eldermere/ })).toBeVisible();

  // One undo brings GPE back with its mention.
  await page.keyboard.press('Control+z');
  await expect(palette.getByRole('button', { name: /GPE/ })).toBeVisible();
  await expect.poll(() => highlightTexts(page, 'g-l4')).toEqual(['Eldermere']);
});
