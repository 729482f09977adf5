// Accessibility: an axe-core scan of the main screen finds no serious or critical issue.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test('the editor screen has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('toolbar', { name: 'Labels' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  expect(bad).toEqual([]);
});
