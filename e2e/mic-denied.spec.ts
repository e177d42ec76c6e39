import { expect, test } from '@playwright/test';
import { openReady } from './support/session';
import { BASE_CHROMIUM_ARGS, chromiumExecutablePath } from './support/fake-microphone';

/** A refused microphone gets a clear message; the app stays ready and keeps the transcript. */
// No fake-UI flag and no microphone permission: getUserMedia is refused.
test.use({
  permissions: [],
  launchOptions: {
    executablePath: chromiumExecutablePath,
    args: [...BASE_CHROMIUM_ARGS, '--use-fake-device-for-media-stream'],
  },
});

test('explains the blocked microphone and stays ready', async ({ page, context }) => {
  await context.clearPermissions();
  await openReady(page, 'model=Xenova/whisper-tiny.en&device=wasm', 5 * 60_000);
  await page.getByRole('button', { name: /start/i }).click();
  const alert = page.locator('[role="alert"][data-code="mic-denied"]');
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText(/microphone/i);
  await expect(page.getByRole('button', { name: /start/i })).toBeEnabled();
});
