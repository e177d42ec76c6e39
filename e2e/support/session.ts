import { expect, type Page } from '@playwright/test';

/** A page's requests that left its origin (anything but same-origin, data: and blob: URLs). */
export function trackForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.context().on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

/** The app's own origin as the model host: the preview server serves ../shared/models at /models/. */
export const SELF_HOSTED_MODELS = '/models/{model}/';

/**
 * Opens the app with a model and device forced (and, unless `query` names a `host`, models
 * from the app's own origin), and waits (up to `loadTimeoutMs`) until it is ready to listen.
 */
export async function openReady(page: Page, query: string, loadTimeoutMs: number): Promise<void> {
  const params = new URLSearchParams(query);
  if (!params.has('host')) params.set('host', SELF_HOSTED_MODELS);
  await page.goto(`/?${params}`);
  await expect(page.getByTestId('state')).toHaveText(/ready/i, { timeout: loadTimeoutMs });
}

/**
 * Clicks Start and follows the transcript until the first final lands.
 * @returns whether a partial was on screen while the state said "recording" (speech still
 *   being heard), and the final pane's text.
 */
export async function dictateUntilFinal(page: Page, finalTimeoutMs: number): Promise<{ partialWhileRecording: boolean; finalText: string }> {
  await page.getByRole('button', { name: /start/i }).click();
  // Poll in the page: a partial with text while the recognizer is still recording.
  const partialWhileRecording = page.waitForFunction(
    () => {
      const partial = document.querySelector('[data-testid="partial"]')?.textContent?.trim() ?? '';
      const state = document.querySelector('[data-testid="state"]')?.textContent ?? '';
      return partial.length > 0 && /recording/i.test(state);
    },
    undefined,
    { timeout: finalTimeoutMs, polling: 100 },
  ).then(() => true, () => false);
  await expect(page.getByTestId('final')).not.toHaveText(/^\s*$/, { timeout: finalTimeoutMs });
  return { partialWhileRecording: await partialWhileRecording, finalText: (await page.getByTestId('final').innerText()).trim() };
}

/**
 * Waits until the fake microphone, started at `startedAtMs` (Date.now() just before Start),
 * has played its `micMs` of audio, then clicks Stop, which finalizes whatever is still open,
 * and waits (up to `timeoutMs`) until every final landed and the app is ready again. Waiting
 * for 'listening' instead would race: JFK's pauses close an utterance while he still speaks.
 */
export async function stopAfterMicrophone(page: Page, startedAtMs: number, micMs: number, timeoutMs: number): Promise<void> {
  await page.waitForTimeout(Math.max(0, micMs + 1000 - (Date.now() - startedAtMs)));
  await page.getByRole('button', { name: /stop/i }).click();
  await expect(page.getByTestId('state')).toHaveText(/ready/i, { timeout: timeoutMs });
}
