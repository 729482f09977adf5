// Entities, nested spans and stances through the details card, checked in an export.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { highlightTexts, selectWord } from './helpers.js';

async function exportNative(page) {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: /^Download/ }).click(),
  ]);
  const json = JSON.parse(await readFile(await download.path(), 'utf8'));
  await dialog.getByRole('button', { name: 'Close' }).click();
  return json;
}

test('mentions grouped into entities, and a stance with holder, topic and polarity', async ({ page }) => {
  await page.goto('/');
  const card = page.getByRole('region', { name: 'Selected annotation' });

  await selectWord(page, 'Marchetti');
  await page.keyboard.press('1');
  await card.getByLabel(/^Entity/).fill('Zoë Marchetti');
  await card.getByLabel(/^Entity/).press('Enter');
  await expect(card.getByLabel(/^Entity/)).toHaveValue('Zoë Marchetti');

  await selectWord(page, 'Pennick');
  await page.keyboard.press('1');
  await card.getByLabel(/^Entity/).fill('Harold Pennick');
  await card.getByLabel(/^Entity/).press('Enter');

  // Evidence: "against the plan", then S.
  await selectWord(page, 'against', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => highlightTexts(page, 'g-selection')).toEqual(['against the plan']);
  await page.keyboard.press('s');
  await expect(card.getByRole('heading', { name: 'Stance' })).toBeVisible();
  await card.getByLabel('Holder').selectOption({ label: 'Harold Pennick' });
  await card.getByLabel(/^Target/).fill('The riverside bike lane');
  await card.getByLabel(/^Target/).press('Enter');
  await card.getByRole('group', { name: 'Polarity' }).getByRole('button', { name: 'Against' }).click();
  await expect(card.getByRole('button', { name: 'Against' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('tab', { name: 'Stances' }).click();
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /Against\s*Harold Pennick → The riverside bike lane \(1 evidence\)/ })).toBeVisible();

  const json = await exportNative(page);
  const doc = json.projects[0].documents.find((d) => d.title.startsWith('Council split'));
  const entities = Object.fromEntries(doc.entities.map((e) => [e.id, e.name]));
  expect(Object.values(entities).sort()).toEqual(['Harold Pennick', 'Zoë Marchetti']);
  expect(doc.stances).toHaveLength(1);
  const st = doc.stances[0];
  expect(st.polarity).toBe('AGAINST');
  expect(entities[st.holder]).toBe('Harold Pennick');
  const topic = json.projects[0].topics.find((t) => t.id === st.target.id);
  expect(topic.name).toBe('The riverside bike lane');
  expect(st.evidence[0].text).toBe('against the plan');

  // Undo the polarity: back to Neutral.
  await page.keyboard.press('Control+z');
  const again = await exportNative(page);
  const d2 = again.projects[0].documents.find((d) => d.title.startsWith('Council split'));
  expect(d2.stances[0].polarity).toBe('NONE');
});

test('a click selects the innermost of three overlapping mentions; edits keep the text nodes', async ({ page }) => {
  await page.goto('/');
  const card = page.getByRole('region', { name: 'Selected annotation' });
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText('Eldermere');
  // Remember the article's text nodes (read only) to prove edits never re-render them.
  await page.evaluate(() => {
    const w = document.createTreeWalker(document.querySelector('article.article'), NodeFilter.SHOW_TEXT);
    window.__glossaNodes = [];
    for (let n = w.nextNode(); n; n = w.nextNode()) window.__glossaNodes.push(n);
  });

  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('2'); // ORG: Eldermere City Council
  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('4'); // MISC: Eldermere City
  await selectWord(page, 'Eldermere', 0);
  await page.keyboard.press('3'); // LOC: Eldermere
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Eldermere City Council']);
  await expect.poll(() => highlightTexts(page, 'g-l3')).toEqual(['Eldermere City']);
  await expect.poll(() => highlightTexts(page, 'g-l2')).toEqual(['Eldermere']);
  await expect.poll(() => highlightTexts(page, 'g-depth')).toEqual(['Eldermere City']);

  await page.keyboard.press('Escape');
  // One click (no drag) on "Eldermere": the innermost mention, LOC, is selected.
  const box = await page.evaluate(() => {
    const r = [...CSS.highlights.get('g-l2')][0].getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await expect(card.getByRole('heading', { name: 'Mention' })).toBeVisible();
  await expect(card.getByLabel('Label').locator('option:checked')).toHaveText('LOC');
  // And a click on "City" picks MISC, the shortest one there.
  const city = await page.evaluate(() => {
    const r = [...CSS.highlights.get('g-l3')][0].getBoundingClientRect();
    return { x: r.right - 6, y: r.y + r.height / 2 };
  });
  await page.mouse.click(city.x, city.y);
  await expect(card.getByLabel('Label').locator('option:checked')).toHaveText('MISC');

  const same = await page.evaluate(() => {
    const w = document.createTreeWalker(document.querySelector('article.article'), NodeFilter.SHOW_TEXT);
    const now = [];
    for (let n = w.nextNode(); n; n = w.nextNode()) now.push(n);
    return now.length === window.__glossaNodes.length && now.every((n, i) => n === window.__glossaNodes[i]);
  });
  expect(same).toBe(true);
});

test('hovering a highlight names its label, entity and quote speaker', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Marchetti');
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);
  const box = await page.evaluate(() => {
    const r = [...CSS.highlights.get('g-l0')][0].getBoundingClientRect();
    return { x: r.x + r.width * 0.8, y: r.y + r.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  const article = page.getByRole('article', { name: 'Article text' });
  await expect(article).toHaveAttribute('title', 'PERSON: Marchetti');
  await page.mouse.move(box.x, box.y + 400);
  await expect(article).not.toHaveAttribute('title', /Marchetti/);
});

test('relabel by key, label all occurrences and undo, next document by Alt+→', async ({ page }) => {
  await page.goto('/');
  await selectWord(page, 'Marchetti', 0);
  await page.keyboard.press('2');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual(['Marchetti']);
  // The new mention is selected: a label key relabels it.
  await page.keyboard.press('1');
  await expect.poll(() => highlightTexts(page, 'g-l1')).toEqual([]);
  await expect.poll(() => highlightTexts(page, 'g-l0')).toEqual(['Marchetti']);

  const card = page.getByRole('region', { name: 'Selected annotation' });
  await card.getByRole('button', { name: 'Label all in document' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Label 1 × “Marchetti” as PERSON/ })).toBeVisible();
  await expect.poll(async () => (await highlightTexts(page, "g-l0")).length).toBe(2);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await highlightTexts(page, 'g-l0')).length).toBe(1);

  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Port strike/);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Council split/);
});

test('a quote speaker typed as a name, and stance polarity by key', async ({ page }) => {
  await page.goto('/');
  const card = page.getByRole('region', { name: 'Selected annotation' });
  await selectWord(page, 'waited');
  await page.keyboard.press('q');
  await page.keyboard.press('Escape');
  // Select the quote by clicking it, then type the speaker.
  const box = await page.evaluate(() => {
    const r = [...CSS.highlights.get('g-quote')][0].getClientRects()[0];
    return { x: r.x + 20, y: r.y + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await expect(card.getByRole('heading', { name: 'Quote' })).toBeVisible();
  await card.getByLabel(/^Speaker/).fill('Zoë Marchetti');
  await card.getByLabel(/^Speaker/).press('Enter');
  await page.getByRole('tab', { name: 'Quotes' }).click();
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(panel.getByRole('button', { name: /Zoë Marchetti\s*We have waited/ })).toBeVisible();

  // A stance from the selected quote; G sets Against, F For.
  await page.mouse.click(box.x, box.y);
  await page.keyboard.press('s');
  await expect(card.getByRole('heading', { name: 'Stance' })).toBeVisible();
  await page.getByRole('article', { name: 'Article text' }).focus();
  await page.keyboard.press('g');
  await expect(card.getByRole('button', { name: 'Against' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('f');
  await expect(card.getByRole('button', { name: 'For' })).toHaveAttribute('aria-pressed', 'true');
});
