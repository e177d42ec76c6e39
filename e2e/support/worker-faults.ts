import { expect, type Page, type Worker } from '@playwright/test';
import { appWorker } from './session';

/**
 * Fault injection into the app's workers for the e2e fault tests (issue 22): hooks installed
 * in a worker to close it (idle, in a decode, at once), and a record, in the page, of when each
 * worker was closed and when each alert showed, on one clock (`Date.now()`): the worker posts
 * its time on a BroadcastChannel just before it closes, and a MutationObserver in the page
 * notes when each alert's text appears.
 */

/** The most a death may take to be said on screen, ms (issue 22). */
export const DETECTION_LIMIT_MS = 2_000;

interface FaultLog {
  /** Workers closed by the test: which, how, and when (ms since the epoch). */
  closed: { worker: string; how: string; at: number }[];
  /** Each new text of an alert, with when it showed. */
  alerts: { code: string; text: string; at: number }[];
}

/** Records closes (from the workers, over a BroadcastChannel) and alert texts, in the page. */
export async function recordFaults(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: FaultLog = { closed: [], alerts: [] };
    (window as unknown as { faultLog: FaultLog }).faultLog = log;
    new BroadcastChannel('sotto-fault-test').onmessage = (event: MessageEvent<FaultLog['closed'][number]>) => log.closed.push(event.data);
    const last = new Map<string, string>();
    const note = () => {
      for (const alert of document.querySelectorAll<HTMLElement>('[role="alert"][data-code]')) {
        const code = alert.dataset.code!;
        const text = alert.textContent ?? '';
        if (last.get(code) !== text) log.alerts.push({ code, text, at: Date.now() });
        last.set(code, text);
      }
      for (const code of [...last.keys()]) if (!document.querySelector(`[role="alert"][data-code="${code}"]`)) last.delete(code);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const faultLog = (page: Page) => page.evaluate(() => (window as unknown as { faultLog: FaultLog }).faultLog);

/**
 * Installs the fault hooks in one of the app's workers:
 * - `close(how)` closes it now;
 * - `closeWhenIdle()` (decoder) closes it once it has had no decode request for 400 ms (a
 *   WASM decode runs as one task, its awaits are microtasks, so between tasks no decode runs;
 *   the quiet time makes sure none waits in its queue either);
 * - `closeInNextDecode()` (decoder) lets the next decode compute, drops its answer and closes
 *   the worker in the same task: the request was sent and never answered, as when a thread
 *   crashes in a decode (it cannot be stopped from outside the task that runs the decode).
 * Each posts the time of the fault on the BroadcastChannel first. `answered()` counts the
 * decodes it answered.
 */
async function installFaults(worker: Worker, name: string): Promise<void> {
  await worker.evaluate((workerName) => {
    const scope = self as unknown as Record<string, unknown> & { postMessage: (message: unknown, transfer?: Transferable[]) => void };
    if (scope.faultTest) return;
    const close = (how: string) => {
      new BroadcastChannel('sotto-fault-test').postMessage({ worker: workerName, how, at: Date.now() });
      self.close();
    };
    const QUIET_MS = 400;
    let lastRequest = 0;
    self.addEventListener('message', (event: MessageEvent<{ type?: string; path?: string[] } | null>) => {
      if (event.data?.type === 'APPLY' && event.data.path?.[0] === 'transcribe') lastRequest = Date.now();
    });
    let dropNextDecode = false;
    let answered = 0;
    const post = scope.postMessage.bind(self);
    scope.postMessage = (message, transfer) => {
      // A decode's answer: Comlink's RAW wire value holding a Transcription.
      const value = (message as { value?: { segments?: unknown } } | null)?.value;
      const isAnswer = value !== null && typeof value === 'object' && 'segments' in value;
      if (dropNextDecode && isAnswer) {
        close('in a decode');
        return;
      }
      post(message, transfer);
      if (isAnswer) answered++;
    };
    scope.faultTest = {
      close,
      answered: () => answered,
      closeWhenIdle: () => {
        const timer = setInterval(() => {
          if (Date.now() - lastRequest < QUIET_MS) return;
          clearInterval(timer);
          close('idle');
        }, 20);
      },
      closeInNextDecode: () => (dropNextDecode = true),
    };
  }, name);
}

/** The app's worker `name`, once it exists (a restarted one appears some time after its predecessor's death), with the fault hooks installed. */
export async function faultableWorker(page: Page, name: 'sotto-inference' | 'sotto-decoder', previous?: Worker): Promise<Worker> {
  let found: Worker | null = null;
  await expect
    .poll(async () => (found = await appWorker(page, name).catch(() => null)) !== null && found !== previous, { timeout: 60_000, intervals: [50] })
    .toBe(true);
  await installFaults(found!, name);
  return found!;
}

/** Waits until the decoder `worker` has answered a decode (it is back to work after a restart). */
export async function untilItDecoded(worker: Worker): Promise<void> {
  await expect
    .poll(() => worker.evaluate(() => (self as unknown as { faultTest: { answered: () => number } }).faultTest.answered()), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThan(0);
}

/** Calls a fault hook in `worker` (see {@link installFaults}). */
export async function fault(worker: Worker, hook: 'close' | 'closeWhenIdle' | 'closeInNextDecode', argument?: string): Promise<void> {
  await worker.evaluate(([name, value]) => (self as unknown as { faultTest: Record<string, (v?: unknown) => void> }).faultTest[name as string](value), [hook, argument] as const);
}

/**
 * Waits until the fake microphone has played `seconds` of its file's speech: Start was
 * clicked at `startedAt` (ms since the epoch), and the file has `leadSeconds` of silence first.
 */
export async function untilFileSecond(page: Page, startedAt: number, leadSeconds: number, seconds: number): Promise<void> {
  await page.waitForTimeout(Math.max(0, startedAt + (leadSeconds + seconds) * 1000 - Date.now()));
}

/**
 * Waits for the close of `worker` and the alert `code` saying it stopped; checks that the
 * alert came within {@link DETECTION_LIMIT_MS} of the close, then dismisses it so the next
 * fault's alert shows anew. Returns the detection time, ms.
 */
export async function expectDetected(page: Page, worker: string, code: string, closesBefore: number): Promise<number> {
  let detection = Infinity;
  await expect
    .poll(
      async () => {
        const log = await faultLog(page);
        const closed = log.closed.filter((c) => c.worker === worker)[closesBefore];
        const alert = closed && log.alerts.find((a) => a.code === code && /stopped/.test(a.text) && a.at >= closed.at - 50);
        detection = closed && alert ? alert.at - closed.at : Infinity;
        return Number.isFinite(detection);
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  const { closed } = await faultLog(page);
  console.log(`worker faults e2e: ${worker} closed (${closed.filter((c) => c.worker === worker)[closesBefore]!.how}), "${code}" shown after ${detection} ms`);
  expect(detection, `${worker}'s death shown on screen`).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  return detection;
}

/** Dismisses the alert `code` (a later fault's alert then shows anew). */
export async function dismiss(page: Page, code: string): Promise<void> {
  await page.locator(`[role="alert"][data-code="${code}"]`).getByRole('button', { name: 'Dismiss' }).click();
}

