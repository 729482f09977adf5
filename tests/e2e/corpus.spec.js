// The corpus in the document list: paste a text, search and filter, mark it done (the
// progress bar moves), delete it and undo the deletion.
import { test, expect } from '@playwright/test';

test('paste a text, find it, finish it, delete it and undo', async ({ page }) => {
  await page.goto('/');
  const list = page.getByRole('navigation', { name: 'Documents' });
  await expect(list.getByText('0 of 3 done')).toBeVisible();
  await list.getByRole('button', { name: 'Paste text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste a text' });
  await dialog.getByLabel(/^Text/).fill('Harbour fees rise 🚢\r\n\r\nThe Port of Lisboa raised its fees, said Inês Duarte.');
  await expect(dialog.getByLabel('Title')).toHaveValue('Harbour fees rise 🚢');
  await dialog.getByRole('button', { name: 'Add document' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbour fees rise 🚢');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Inês Duarte');

  await list.getByLabel('Search titles').fill('harbour');
  await expect(list.getByRole('button', { name: /^Council split/ })).toBeHidden();
  await expect(list.getByRole('button', { name: /^Harbour fees rise/ })).toBeVisible();
  await list.getByLabel('Search titles').fill('');

  await page.getByLabel('Status of this document').selectOption('Done');
  await expect(list.getByText('1 of 4 done')).toBeVisible();
  await list.getByLabel('Show documents with status').selectOption('Done');
  await expect(list.getByRole('button', { name: /^Council split/ })).toBeHidden();
  await list.getByLabel('Show documents with status').selectOption('');

  page.once('dialog', (d) => d.accept());
  await list.getByRole('button', { name: 'Delete Harbour fees rise 🚢' }).click();
  await expect(list.getByRole('button', { name: /^Harbour fees rise/ })).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(list.getByRole('button', { name: /^Harbour fees rise/ }).first()).toBeVisible();
  // The text came back verbatim, CRLF included, and it is stored.
  await page.reload();
  await list.getByRole('button', { name: /^Harbour fees rise/ }).first().click();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Inês Duarte');
});
