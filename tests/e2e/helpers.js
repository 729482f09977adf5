// Shared helpers of the end-to-end tests. They read state (highlights, DOM) and drive the
// page only as a person would: mouse and keyboard.
import { expect } from '@playwright/test';

/** Number of ranges registered in the named CSS highlight. */
export async function highlightSize(page, name) {
  return page.evaluate((n) => (CSS.highlights.get(n)?.size ?? 0), name);
}

/** Texts covered by the ranges of a highlight. */
export async function highlightTexts(page, name) {
  return page.evaluate((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => r.toString()), name);
}

/** Double-clicks the `nth` occurrence of `word` in the article, like a person selecting it. */
export async function selectWord(page, word, nth = 0) {
  // The app mounts after the wasm loads: wait for the article text first.
  await expect(page.getByRole('article', { name: 'Article text' })).toContainText(word);
  const box = await page.evaluate(
    ([w, k]) => {
      const article = document.querySelector('article.article');
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        let i = n.data.indexOf(w);
        while (i >= 0) {
          if (seen === k) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + w.length);
            r.startContainer.parentElement.scrollIntoView({ block: 'center' });
            const b = r.getBoundingClientRect();
            return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          }
          seen += 1;
          i = n.data.indexOf(w, i + 1);
        }
      }
      return null;
    },
    [word, nth],
  );
  expect(box, `"${word}" is on screen`).not.toBeNull();
  await page.mouse.dblclick(box.x, box.y);
}
