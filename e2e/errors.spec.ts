import { expect, test } from '@playwright/test';

/** Bad input gets a clear message, and nothing else breaks. */

test('a model that cannot be loaded gives a clear error', async ({ page }) => {
  await page.goto('/?model=sotto-test/no-such-model&device=wasm');
  const alert = page.locator('[role="alert"][data-code="model-load-failed"]');
  await expect(alert).toBeVisible({ timeout: 2 * 60_000 });
  await expect(alert).toContainText('sotto-test/no-such-model');
  await expect(page.getByTestId('state')).toHaveText(/error/i);
});
