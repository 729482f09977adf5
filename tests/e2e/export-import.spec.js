// Exports and imports, as a person does them: the Export dialog's preview and download,
// and files chosen in the Import dialog.
import { test, expect } from '@playwright/test';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { highlightTexts, selectWord } from './helpers.js';

const out = '../../target/e2e-results';

async function exportAs(page, formatName) {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel('Format').selectOption({ label: formatName });
  await expect(dialog.getByLabel('Preview of the first lines')).not.toBeEmpty();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /^Download/ }).click(),
  ]);
  const path = await download.path();
  const body = await readFile(path, 'utf8');
  await dialog.getByRole('button', { name: 'Close' }).click();
  return { name: download.suggestedFilename(), body };
}

test('a labelled name is exported to spaCy JSONL with code-point offsets', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Zoë');
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Zoë']);
  const { name, body } = await exportAs(page, 'spaCy / Prodigy JSONL');
  expect(name).toMatch(/\.jsonl$/);
  const line = JSON.parse(body.split('\n')[0]);
  expect(line.spans).toHaveLength(1);
  const s = line.spans[0];
  expect(s.label).toBe('PERSON');
  expect(s.text).toBe('Zoë');
  // Code points, as Python counts: slice the text by code points.
  expect([...line.text].slice(s.start, s.end).join('')).toBe('Zoë');
});

test('the native export imports back, replacing the workspace after a reset', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Pennick');
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Pennick']);
  const { body } = await exportAs(page, 'Glossa JSON (everything)');
  const doc = JSON.parse(body);
  expect(doc.format).toBe('glossa');
  await mkdir(out, { recursive: true });
  const file = `${out}/roundtrip.json`;
  await writeFile(file, body);

  // Remove the annotation, then import the file back and choose Replace.
  await page.keyboard.press('Control+z');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual([]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles(file);
  await expect(dialog.getByRole('group', { name: 'How to import' })).toBeVisible();
  await expect(dialog.getByText(/Replace:/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Replace' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Pennick']);
  // It is stored: still there after a reload.
  await page.reload();
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Pennick']);
});

test('a malformed file is refused with its problem and changes nothing', async ({ page }) => {
  await page.goto('/');
  await mkdir(out, { recursive: true });
  const bad = `${out}/bad.json`;
  await writeFile(bad, '{"format": "glossa", "version": 1, "projects": [ {"id": 5 } ]}');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles(bad);
  await expect(dialog.getByRole('status')).toContainText('Not imported');
  await expect(dialog.getByRole('status')).toContainText('projects[0]');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Delete / })).toHaveCount(3);
});

test('spaCy JSONL comes in as a new document with suggestions', async ({ page }) => {
  await page.goto('/');
  await mkdir(out, { recursive: true });
  const file = `${out}/pre.jsonl`;
  const text = 'Ana 🇵🇹 met the Harbour Board in Faro.';
  // Offsets in code points, as spaCy counts them (the flag is two code points).
  const start = [...text.slice(0, text.indexOf('Harbour'))].length;
  expect(start).toBe(15);
  await writeFile(
    file,
    JSON.stringify({ text, spans: [{ start: 0, end: 3, label: 'PERSON' }, { start, end: start + 13, label: 'ORG' }] }) + '\n',
  );
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles(file);
  await expect(dialog.getByRole('status')).toContainText('1 document(s) with suggestions');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const list = page.getByRole('navigation', { name: 'Documents' });
  await list.getByRole('button', { name: /^Ana/ }).click();
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Harbour Board');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Harbour Board']);
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Ana']);
});
