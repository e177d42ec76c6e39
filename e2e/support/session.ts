import { expect, type Page, type Worker } from '@playwright/test';

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
 * @returns whether a partial with text was on screen before that final (on a slow machine
 *   it may land only after the speech paused: the engine still shows it), whether one was
 *   while the state said "recording" (speech still being heard; for the log, as it depends
 *   on the machine's speed), and the final pane's text.
 */
export async function dictateUntilFinal(
  page: Page,
  finalTimeoutMs: number,
): Promise<{ partialBeforeFinal: boolean; partialWhileRecording: boolean; finalText: string }> {
  await page.getByRole('button', { name: /start/i }).click();
  // Polled in the page every 50 ms until the first final shows.
  const seen = await page.waitForFunction(
    () => {
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
      const w = window as unknown as { partialSeen?: { beforeFinal: boolean; whileRecording: boolean } };
      const seen = (w.partialSeen ??= { beforeFinal: false, whileRecording: false });
      if (text('final').length > 0) return seen;
      if (text('partial').length > 0) {
        seen.beforeFinal = true;
        if (/recording/i.test(text('state'))) seen.whileRecording = true;
      }
      return false;
    },
    undefined,
    { timeout: finalTimeoutMs, polling: 50 },
  );
  const { beforeFinal, whileRecording } = (await seen.jsonValue()) as { beforeFinal: boolean; whileRecording: boolean };
  console.log(`partial before the first final: ${beforeFinal}; while recording: ${whileRecording}`);
  return { partialBeforeFinal: beforeFinal, partialWhileRecording: whileRecording, finalText: (await page.getByTestId('final').innerText()).trim() };
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

/**
 * The app's worker named `name` among the page's workers: `sotto-inference` (VAD and the
 * streaming engine) or `sotto-decoder` (Whisper, started by the inference worker). Fault
 * tests inject their faults there.
 * @throws Error when the page has none (no model loaded yet)
 */
export async function appWorker(page: Page, name: 'sotto-inference' | 'sotto-decoder'): Promise<Worker> {
  // ONNX Runtime's thread workers (blob: URLs) may sit in a wasm wait that never answers an evaluate.
  for (const worker of page.workers().filter((w) => !w.url().startsWith('blob:'))) {
    if ((await worker.evaluate(() => self.name).catch(() => '')) === name) return worker;
  }
  throw new Error(`no ${name} among the page's workers: ${page.workers().map((w) => w.url()).join(', ')}`);
}

/** The decoder worker ({@link appWorker} `sotto-decoder`). */
export const decoderWorker = (page: Page): Promise<Worker> => appWorker(page, 'sotto-decoder');
