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

test('an HTML page dropped on the window becomes a document with its readable text', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Eldermere');
  const html = `<!doctype html><html><head><title>Site | Ferry news</title><script>window.__pwned = 1</script></head>
<body><nav>Home · World · Sport</nav><article><h1>Night ferry returns to Skarholm</h1>
<p>The night ferry to Skarholm will sail again from June, the operator said.</p>
<figure><img src="x.png"><figcaption>Pic: the ferry at dawn</figcaption></figure>
<p>“We missed it,” said Mette Lund, a nurse who commutes at night.</p></article>
<footer>Cookie settings</footer></body></html>`;
  // A person drops a file: the drop carries it in a DataTransfer.
  const dt = await page.evaluateHandle((content) => {
    const d = new DataTransfer();
    d.items.add(new File([content], 'ferry.html', { type: 'text/html' }));
    return d;
  }, html);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await expect(dialog.getByRole('status')).toContainText('ferry.html: added');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const list = page.getByRole('navigation', { name: 'Documents' });
  await list.getByRole('button', { name: /^Night ferry returns to Skarholm/ }).click();
  const article = page.getByRole('article', { name: 'Article text' });
  await expect(article).toContainText('said Mette Lund');
  await expect(article).not.toContainText('Home · World');
  await expect(article).not.toContainText('Cookie settings');
  await expect(article).not.toContainText('Pic: the ferry');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('an empty file is refused and nothing is added', async ({ page }) => {
  await page.goto('/');
  const { writeFile, mkdir } = await import('node:fs/promises');
  await mkdir('../../target/e2e-results', { recursive: true });
  await writeFile('../../target/e2e-results/empty.txt', '');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles('../../target/e2e-results/empty.txt');
  await expect(dialog.getByRole('status')).toContainText('Not imported — empty.txt is empty');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Delete / })).toHaveCount(3);
});

test('a scraped page goes through the preview: restore a line, skip the exact copy', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog.getByLabel('Files').setInputFiles('../fixtures/pages/dup-metro-brief.txt');
  await expect(dialog.getByRole('status')).toContainText('4 stories found');
  const preview = dialog.getByRole('region', { name: 'Page preview' });
  await expect(preview.getByLabel('Title of story 1')).toHaveValue('Tram line to the airport approved');
  await expect(preview.getByRole('article', { name: 'Story 3' })).toContainText('Near copy of story 1');
  await expect(preview.getByRole('article', { name: 'Story 4' })).toContainText('Exact copy of story 2');
  // The exact copy starts unticked; the near copy is kept.
  await expect(preview.getByLabel('Import story 4')).not.toBeChecked();
  await expect(preview.getByLabel('Import story 3')).toBeChecked();
  // Restore the byline of story 1 (removed as furniture).
  const byline = preview.getByRole('article', { name: 'Story 1' }).getByRole('button', { name: 'By Dara Flynn' });
  await expect(byline).toHaveAttribute('aria-pressed', 'false');
  await byline.click();
  await expect(preview.getByRole('article', { name: 'Story 1' }).getByRole('button', { name: 'By Dara Flynn' })).toHaveAttribute('aria-pressed', 'true');
  // Merge stories 1 and 2, then split them again before the second headline.
  await preview.getByRole('article', { name: 'Story 1' }).getByRole('button', { name: 'Merge with the next story' }).click();
  await expect(preview.getByRole('article', { name: 'Story 1' })).toContainText('Library opening hours to be extended');
  await expect(preview.getByRole('article')).toHaveCount(3);
  await preview
    .getByRole('article', { name: 'Story 1' })
    .getByRole('listitem')
    .filter({ hasText: /^✂Library opening hours to be extended$/ })
    .getByRole('button', { name: 'Start a new story at this line' })
    .click();
  await expect(preview.getByRole('article')).toHaveCount(4);
  await expect(preview.getByLabel('Title of story 2')).toHaveValue('Library opening hours to be extended');
  await page.screenshot({ path: '../../target/e2e-results/preview.png' });
  await preview.getByRole('button', { name: 'Import the ticked stories' }).click();
  await expect(dialog.getByRole('status')).toContainText('3 stories imported');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const list = page.getByRole('navigation', { name: 'Documents' });
  await expect(list.getByRole('button', { name: /^Delete / })).toHaveCount(6);
  await list.getByRole('button', { name: /^Tram line to the airport approved/ }).click();
  const article = page.getByRole('article', { name: 'Article text' });
  await expect(article).toContainText('By Dara Flynn');
  await expect(article).toContainText('The regional transport authority approved a tram line');
  await expect(article).not.toContainText('Metro Brief');
  // Rename it.
  page.once('dialog', (d) => d.accept('Airport tram approved'));
  await page.getByRole('button', { name: 'Rename this document' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Airport tram approved');
  await expect(list.getByRole('button', { name: /^Central library to stay open later/ })).toHaveCount(0);
});

test('two files at once; bad bytes, binary files and unknown types get their messages', async ({ page }) => {
  const { writeFile, mkdir } = await import('node:fs/promises');
  const dir = '../../target/e2e-results';
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/one.txt`, 'First note\n\nA short text about the quay.');
  await writeFile(`${dir}/two.md`, '# Second note\n\nAnother text, with “quotes”.');
  await writeFile(`${dir}/latin1.txt`, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x73, 0x20, 0x74, 0x6f, 0x64, 0x61, 0x79, 0x2e]));
  await writeFile(`${dir}/blob.bin`, Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37 + 128) % 256)));
  await writeFile(`${dir}/notes.rtfx`, 'Plain words in an odd file.');
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  const status = dialog.getByRole('status');
  await dialog.getByLabel('Files').setInputFiles([`${dir}/one.txt`, `${dir}/two.md`]);
  await expect(status).toContainText('one.txt: added');
  await expect(status).toContainText('two.md: added');
  await dialog.getByLabel('Files').setInputFiles(`${dir}/latin1.txt`);
  await expect(status).toContainText('latin1.txt: added — warning: 1 invalid byte sequence(s) replaced');
  await dialog.getByLabel('Files').setInputFiles(`${dir}/blob.bin`);
  await expect(status).toContainText('Not imported — blob.bin does not look like text');
  await dialog.getByLabel('Files').setInputFiles(`${dir}/notes.rtfx`);
  await expect(status).toContainText('notes.rtfx: added (unknown file type: read as plain text)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Delete / })).toHaveCount(7);
});
