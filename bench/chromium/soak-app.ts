/**
 * Soak run of the built app in headless Chromium (issue 22): the fake microphone loops a WAV
 * into the real page (AudioWorklet, inference and decoder workers, whisper-tiny.en on WASM)
 * for `minutes`, and each minute records the memory and the transcript's progress.
 *
 *   npm run build && npm run soak -- --runtime chromium [--minutes 60] [--file <wav>] [--starve-at <s> --starve-seconds 30]
 *
 * Per minute: the RSS of Chromium's renderer processes (`/proc/<pid>/statm`; the page and its
 * workers run in the renderer), of every Chromium process, the JS memory of the page and of
 * each worker (`performance.measureUserAgentSpecificMemory()`, cross-origin isolated pages
 * only), the final-line count and the state. Every state change is logged, so a
 * `falling-behind` is never missed. `--starve-at` starts a busy loop in a worker of its own in
 * the page for `--starve-seconds` (one of the two cores taken), to see the app fall behind and
 * catch up. At the end: the growth of each figure from minute 5 on, and the WER of the
 * transcript against the reference of the loops the microphone played (so lost words show as
 * deletions).
 */
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { BASE_CHROMIUM_ARGS, chromiumExecutablePath, fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav } from '../../e2e/support/fake-microphone';
import { decodeWav } from '../../src/audio-file/wav';
import { wordErrorRate } from '../../src/evaluation/wer';

export interface ChromiumSoakOptions {
  minutes: number;
  /** The looped speech (16 kHz or any rate WAV) and its reference text. */
  file: string;
  reference: string;
  /** Seconds after Start at which a busy loop takes one core, and for how long; none when undefined. */
  starveAtSeconds?: number;
  starveSeconds: number;
  port?: number;
}

interface MinuteSample {
  minute: number;
  rendererMb: number;
  chromiumMb: number;
  pageJsMb: number;
  workersJsMb: number;
  finalLines: number;
  state: string;
}

const MB = 1024 * 1024;
/** Silence the fake microphone file adds before and after the speech, seconds (one loop = lead + speech + tail). */
const LEAD_SECONDS = 1;
const TAIL_SECONDS = 3;

/** Summed RSS (`statm`) of the Chromium processes whose command line matches `pattern`, bytes. */
function rssOf(pattern: string): number {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-f', '--', pattern]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return 0;
  }
  let pages = 0;
  for (const pid of pids) {
    try {
      pages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // Ended meanwhile.
    }
  }
  return pages * 4096;
}

/** JS memory of the page and of its workers (`measureUserAgentSpecificMemory`), bytes. */
async function jsMemory(page: Page): Promise<{ page: number; workers: number }> {
  return page.evaluate(async () => {
    type Breakdown = { bytes: number; attribution: { scope: string }[] }[];
    const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: Breakdown }> }).measureUserAgentSpecificMemory;
    if (!measure) return { page: NaN, workers: NaN };
    const result = await measure.call(performance);
    let pageBytes = 0;
    let workerBytes = 0;
    for (const entry of result.breakdown) {
      const scopes = entry.attribution.map((a) => a.scope);
      if (scopes.includes('Window')) pageBytes += entry.bytes;
      else if (scopes.some((scope) => scope.endsWith('WorkerGlobalScope'))) workerBytes += entry.bytes;
    }
    return { page: pageBytes, workers: workerBytes };
  });
}

/**
 * Runs the soak; prints a line per minute and a summary.
 * @throws Error when the app does not get ready within 10 minutes.
 */
export async function soakInChromium(options: ChromiumSoakOptions): Promise<void> {
  const port = options.port ?? 4181;
  const wav = makeFakeMicrophoneWav(options.file, `soak-${basename(options.file, '.wav')}-48k`, LEAD_SECONDS, TAIL_SECONDS);
  const { samples, sampleRate } = decodeWav(readFileSync(options.file));
  const loopSeconds = LEAD_SECONDS + samples.length / sampleRate + TAIL_SECONDS;
  const server = await preview({ preview: { port, strictPort: true }, logLevel: 'warn' });
  const launch = fakeMicrophoneLaunchOptions(wav);
  // Looped: the e2e helper plays the file once (%noloop).
  const args = launch.args.map((arg) => arg.replace(/%noloop$/, ''));
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: [...new Set([...BASE_CHROMIUM_ARGS, ...args])] });
  try {
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    const query = new URLSearchParams({ model: 'Xenova/whisper-tiny.en', device: 'wasm', host: '/models/{model}/' });
    await page.goto(`http://localhost:${port}/?${query}`);
    await page.getByTestId('state').filter({ hasText: /ready/i }).waitFor({ timeout: 10 * 60_000 });
    const started = Date.now();
    await page.getByRole('button', { name: /start/i }).click();
    const seconds = () => (Date.now() - started) / 1000;
    console.log(
      `Chromium soak: ${options.file} looped (${loopSeconds.toFixed(1)} s a loop with the silence around it) for ${options.minutes} min, whisper-tiny.en on WASM` +
        (options.starveAtSeconds === undefined ? '' : `; a busy loop takes one core from ${options.starveAtSeconds} s for ${options.starveSeconds} s`),
    );
    console.log('minute  renderer MB  chromium MB  page JS MB  workers JS MB  final lines  state');

    let lastState = '';
    const stateTimer = setInterval(() => {
      void page
        .getByTestId('state')
        .innerText()
        .then((state) => {
          if (state !== lastState) console.log(`  ${seconds().toFixed(1)} s: ${state}`);
          lastState = state;
        }, () => {});
    }, 1000);
    const samplesTaken: MinuteSample[] = [];
    let starved = false;
    try {
      for (let minute = 1; minute <= options.minutes; minute++) {
        const starveAt = options.starveAtSeconds;
        while (seconds() < minute * 60) {
          if (starveAt !== undefined && !starved && seconds() >= starveAt) {
            starved = true;
            await page.evaluate((ms) => {
              const source = `const end = Date.now() + ${ms}; while (Date.now() < end) {} close();`;
              new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
            }, options.starveSeconds * 1000);
            console.log(`  ${seconds().toFixed(1)} s: busy loop started for ${options.starveSeconds} s`);
            await page.waitForTimeout(1000);
          }
          await page.waitForTimeout(Math.min(500, Math.max(0, minute * 60 - seconds()) * 1000));
        }
        const js = await jsMemory(page);
        const sample: MinuteSample = {
          minute,
          rendererMb: rssOf('--type=renderer') / MB,
          chromiumMb: rssOf('/usr/lib/chromium/chromium') / MB,
          pageJsMb: js.page / MB,
          workersJsMb: js.workers / MB,
          finalLines: (await page.getByTestId('final').innerText()).split('\n').filter((line) => line.trim()).length,
          state: lastState,
        };
        samplesTaken.push(sample);
        console.log(
          `${String(minute).padStart(6)}  ${sample.rendererMb.toFixed(0).padStart(11)}  ${sample.chromiumMb.toFixed(0).padStart(11)}  ` +
            `${sample.pageJsMb.toFixed(1).padStart(10)}  ${sample.workersJsMb.toFixed(1).padStart(13)}  ${String(sample.finalLines).padStart(11)}  ${sample.state}`,
        );
      }
    } finally {
      clearInterval(stateTimer);
    }
    // Stop at the end of a loop (its trailing silence), so the transcript is of whole loops.
    const playedLoops = Math.ceil((seconds() - 1) / loopSeconds);
    await page.waitForTimeout(Math.max(0, (playedLoops * loopSeconds - 1 - seconds()) * 1000));
    await page.getByRole('button', { name: /stop/i }).click();
    await page.getByTestId('state').filter({ hasText: /ready/i }).waitFor({ timeout: 10 * 60_000 });
    const transcript = (await page.getByTestId('final').innerText()).replace(/\s+/g, ' ');
    summarize(samplesTaken, transcript, options.reference, playedLoops, seconds());
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

/** Prints the growth of each memory figure from minute 5 (or the first) to the last, and the transcript's WER. */
function summarize(samples: MinuteSample[], transcript: string, reference: string, playedLoops: number, stoppedAt: number): void {
  const from = samples.find((s) => s.minute === 5) ?? samples[0];
  const last = samples.at(-1);
  if (from && last) {
    const change = (key: 'rendererMb' | 'chromiumMb' | 'pageJsMb' | 'workersJsMb') => {
      const after = samples.filter((s) => s.minute >= from.minute).map((s) => s[key]);
      const spread = ((Math.max(...after) - Math.min(...after)) / from[key]) * 100;
      return `${key.replace('Mb', '')} ${from[key].toFixed(1)} → ${last[key].toFixed(1)} MB (range ${spread.toFixed(1)}% of minute ${from.minute})`;
    };
    console.log(`\nFrom minute ${from.minute} to ${last.minute}: ${['rendererMb', 'chromiumMb', 'pageJsMb', 'workersJsMb'].map((k) => change(k as never)).join('; ')}`);
  }
  // Stop after the last whole loop may finalize part of the next one: that part counts as insertions.
  const expected = Array.from({ length: playedLoops }, () => reference).join(' ');
  const { wer, deletions, insertions, substitutions } = wordErrorRate(expected, transcript);
  console.log(
    `Transcript after ${stoppedAt.toFixed(0)} s (${playedLoops} whole loops): WER ${(wer * 100).toFixed(1)}% ` +
      `(${deletions} deletions, ${insertions} insertions, ${substitutions} substitutions against ${expected.split(' ').length} reference words)`,
  );
}
