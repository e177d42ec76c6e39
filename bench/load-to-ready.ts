/**
 * Load-to-ready of the built app in headless Chromium: how long a visit takes from navigation
 * until the state reads "ready" (model loaded, warmed up), first with an empty model store
 * (download from the app's own /models/ route), then with the model already stored, as every
 * later visit finds it (issue "Never drop the session", item 7).
 *
 *   npm run build && npm run bench:load -- [--root <app dir>] [--model <id>] [--device wasm|webgpu] [--visits <n>]
 *                                          [--idle-cpu] [--chromium-arg <flag>]...
 *
 * `--root` is the folder of a Sotto checkout whose `dist/` is served (default: this one), so a
 * build of another commit can be measured beside this one in the same session. Each stored
 * visit opens a new page in the same browser context (the same IndexedDB), after the previous
 * page closed, so no worker of an earlier page is still running. Times are `performance.now()`
 * in the page when the ready state first showed (polled every 20 ms): navigation start to ready.
 *
 * `--idle-cpu` then measures the CPU time of Chromium's renderer processes (utime + stime from
 * `/proc/<pid>/stat`, Linux) in a 10 s idle window after a first load, and in three after a
 * reload of the same page (issue "Never drop the session", item 8). `--chromium-arg` adds a
 * browser flag (e.g. `--js-flags=--no-wasm-dynamic-tiering`).
 */
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BASE_CHROMIUM_ARGS, chromiumExecutablePath } from '../e2e/support/fake-microphone';
import { percentile } from '../src/evaluation/percentile';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    model: { type: 'string' },
    device: { type: 'string' },
    visits: { type: 'string' },
    port: { type: 'string' },
    'idle-cpu': { type: 'boolean' },
    'chromium-arg': { type: 'string', multiple: true },
  },
});
const root = resolve(values.root ?? '.');
const model = values.model ?? 'Xenova/whisper-tiny.en';
const device = values.device ?? 'wasm';
const visits = Number(values.visits ?? 5);
if (!(Number.isInteger(visits) && visits > 0)) throw new Error(`--visits must be a positive integer, got ${values.visits}`);
const port = Number(values.port ?? 4180);

const server = await preview({ root, configFile: resolve(root, 'vite.config.ts'), preview: { port, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: [...BASE_CHROMIUM_ARGS, ...(values['chromium-arg'] ?? [])] });

/** Navigation start to the ready state of `page`'s current document, ms. */
async function untilReady(page: Page): Promise<number> {
  const ready = await page.waitForFunction(
    () => (/ready/i.test(document.querySelector('[data-testid="state"]')?.textContent ?? '') ? performance.now() : false),
    undefined,
    { timeout: 10 * 60_000, polling: 20 },
  );
  return (await ready.jsonValue()) as number;
}

/** CPU seconds (user + system) used so far by Chromium's renderer processes. */
function rendererCpuSeconds(): number {
  const pids = execFileSync('pgrep', ['-f', '--', '--type=renderer']).toString().trim().split('\n').filter(Boolean);
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100; // USER_HZ
}

/** Renderer CPU seconds over the next `ms` of idle time. */
async function idleCpu(page: Page, ms = 10_000): Promise<number> {
  const before = rendererCpuSeconds();
  await page.waitForTimeout(ms);
  return rendererCpuSeconds() - before;
}
try {
  const context = await browser.newContext();
  const query = new URLSearchParams({ model, device, host: '/models/{model}/' });
  const url = `http://localhost:${port}/?${query}`;

  /** Opens the app in a new page; navigation start to ready, ms. */
  const visit = async (): Promise<number> => {
    const page = await context.newPage();
    try {
      await page.goto(url);
      return await untilReady(page);
    } finally {
      await page.close();
    }
  };

  const first = await visit();
  console.log(`first visit (empty store, download from /models/): ${first.toFixed(0)} ms`);
  const stored: number[] = [];
  for (let i = 0; i < visits; i++) {
    stored.push(await visit());
    console.log(`stored visit ${i + 1}: ${stored.at(-1)!.toFixed(0)} ms`);
  }
  console.log(
    `\n${model} on ${device}, app from ${root}: first ${first.toFixed(0)} ms; stored p50 ${percentile(stored, 50)!.toFixed(0)} ms ` +
      `(min ${Math.min(...stored).toFixed(0)}, max ${Math.max(...stored).toFixed(0)}, ${visits} visits)`,
  );
  if (values['idle-cpu']) {
    const page = await context.newPage();
    await page.goto(url);
    console.log(`\nidle renderer CPU, 10 s after a load (ready in ${(await untilReady(page)).toFixed(0)} ms): ${(await idleCpu(page)).toFixed(2)} s`);
    await page.reload();
    const readyMs = await untilReady(page);
    const windows = [await idleCpu(page), await idleCpu(page), await idleCpu(page)];
    console.log(`idle renderer CPU after a reload (ready in ${readyMs.toFixed(0)} ms), three 10 s windows: ${windows.map((s) => s.toFixed(2)).join(', ')} s`);
  }
} finally {
  await browser.close();
  await new Promise<void>((done) => server.httpServer.close(() => done()));
}
