import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { startModelHost, type ModelHost } from '../scripts/model-host';
import { whisperFiles, dtypeFor } from '../src/inference-worker/asr/model-catalog';
import { CHUNK_BYTES } from '../src/model-store/file-store';
import { wordErrorRate } from '../src/evaluation/wer';
import { readManifest, sharedAudio } from '../test/support/shared-data';
import { BASE_CHROMIUM_ARGS, chromiumExecutablePath, fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav, wavDurationSeconds } from './support/fake-microphone';
import { stopAfterMicrophone } from './support/session';
import { corruptChunk, sharedModelFile, storedChunks, storedEntries, storedSha256 } from './support/model-store';

/**
 * The offline PWA and the model store, with a local server in the Hugging Face hub's layout
 * (real whisper-tiny.en from ../shared, Content-Length, ETag, Range) as the remote model host.
 */
const MODEL = 'Xenova/whisper-tiny.en';
const FILES = whisperFiles(dtypeFor(MODEL, 'wasm', { shaderF16: false }));
const DECODER = 'onnx/decoder_model_merged_quantized.onnx';
const ENCODER = 'onnx/encoder_model.onnx';
const MODEL_BYTES = FILES.reduce((sum, file) => sum + sharedModelFile(MODEL, file).size, 0);
const LOAD_TIMEOUT = 5 * 60_000;

const reference = readManifest('dev.tsv').find((e) => e.path.endsWith('/jfk.wav'))!.reference;
const fakeMic = makeFakeMicrophoneWav(sharedAudio('dev/jfk.wav'), 'jfk-48k');
test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic) });

let hub: ModelHost;
test.beforeAll(async () => {
  hub = await startModelHost();
});
test.afterAll(() => hub.close());
test.beforeEach(() => {
  hub.log.length = 0;
  hub.controls.dropConnection = null;
  hub.controls.throttleBytesPerSecond = 0;
});

const appUrl = () => `/?model=${MODEL}&device=wasm&host=${encodeURIComponent(hub.url)}`;
const state = (page: Page) => page.getByTestId('state');
const modelRequests = () => hub.log.filter((r) => r.range !== 'bytes=0-0').map((r) => `${r.file} ${r.range ?? ''}`.trim());

async function expectModelStored(page: Page) {
  const entries = await storedEntries(page);
  expect(entries.map((e) => [e.file, e.complete, e.storedBytes]).sort()).toEqual(FILES.map((file) => [file, true, sharedModelFile(MODEL, file).size]).sort());
}

test('first visit: the model downloads with visible progress into IndexedDB; offline, app and model load from this device and transcribe jfk.wav', async ({ page, context }, testInfo) => {
  hub.controls.throttleBytesPerSecond = 8_000_000; // about 9 s for the 71 MB: progress stays on screen, on a slow machine too
  await page.goto(appUrl());
  const progress = page.getByTestId('model-progress');
  await expect(progress).toContainText(`Downloading ${MODEL}`);
  await expect(progress).toContainText(/MB\/s · .+ left/, { timeout: 30_000 }); // rate and time left, model and file
  await expect(progress).toContainText(/onnx\/\S+\.onnx: [\d.]+ MB of [\d.]+ MB · .+ left/);
  await expect(page.getByRole('progressbar', { name: 'Model download' })).toHaveAttribute('aria-valuenow', /^\d+$/);
  await page.screenshot({ path: testInfo.outputPath('downloading.png') });
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  await expectModelStored(page);
  expect(modelRequests().sort()).toEqual([...FILES].sort()); // each file once, whole

  await page.evaluate(() => navigator.serviceWorker.ready);
  hub.log.length = 0;
  await context.setOffline(true);
  await page.reload();
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null && !navigator.onLine)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated), 'offline page keeps COOP/COEP from the precache').toBe(true);

  const started = Date.now();
  await page.getByRole('button', { name: /start/i }).click();
  await expect(page.getByTestId('final')).not.toHaveText(/^\s*$/, { timeout: LOAD_TIMEOUT });
  await stopAfterMicrophone(page, started, wavDurationSeconds(fakeMic) * 1000, LOAD_TIMEOUT);
  const transcript = (await page.getByTestId('final').innerText()).trim();
  console.log(`offline WER ${(wordErrorRate(reference, transcript).wer * 100).toFixed(1)}%: ${transcript}`);
  expect(wordErrorRate(reference, transcript).wer, transcript).toBeLessThanOrEqual(0.1);
  expect(hub.log, 'nothing reached the model host while offline').toEqual([]);
});

test('a download cut halfway gives a clear error, keeps no truncated file, and Retry resumes it', async ({ page }) => {
  hub.controls.dropConnection = { file: /decoder_model_merged_quantized/, atByte: 20_000_000 };
  await page.goto(appUrl());
  const alert = page.locator('[role="alert"][data-code="model-load-failed"]');
  await expect(alert).toContainText(`Downloading ${DECODER}`, { timeout: LOAD_TIMEOUT });
  await expect(alert).toContainText(/failed \(4 attempts\): the connection was lost\. The 16\.8 MB of 35\.6 MB already stored are kept: Retry resumes from there\./);
  await expect(state(page)).toHaveText('error');
  const decoder = (await storedEntries(page)).find((e) => e.file === DECODER)!;
  expect(decoder).toMatchObject({ complete: false, storedBytes: 2 * CHUNK_BYTES });

  hub.controls.dropConnection = null;
  hub.log.length = 0;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  expect(modelRequests()).toEqual([`${DECODER} bytes=${2 * CHUNK_BYTES}-`]);
  await expectModelStored(page);
  expect(await storedSha256(page, MODEL, DECODER)).toBe(sharedModelFile(MODEL, DECODER).sha256);
});

test('a stored file corrupted on purpose is detected, removed and fetched again', async ({ page }) => {
  await page.goto(appUrl());
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  await corruptChunk(page, MODEL, ENCODER, 1);
  hub.log.length = 0;
  await page.reload();
  const alert = page.locator('[role="alert"][data-code="model-file-damaged"]');
  await expect(alert).toContainText(`${ENCODER} of ${MODEL} failed its integrity check (chunk 1 fails its SHA-256 check). It was deleted and is being downloaded again.`, { timeout: LOAD_TIMEOUT });
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  expect(modelRequests()).toEqual([ENCODER]);
  expect(await storedSha256(page, MODEL, ENCODER)).toBe(sharedModelFile(MODEL, ENCODER).sha256);
});

test('settings persist across visits; deleting a model removes its entries and frees the reported space', async ({ page }) => {
  // No URL parameters: the default host (the hub, unreachable here) and the WASM default model fail.
  await page.goto('/');
  await expect(page.locator('[role="alert"][data-code="model-load-failed"]')).toContainText('huggingface.co', { timeout: LOAD_TIMEOUT });
  const manager = page.getByRole('dialog', { name: 'Models and storage' });
  await page.getByRole('button', { name: 'Models' }).click();
  await manager.getByRole('radio', { name: 'Another host' }).check();
  await manager.getByRole('textbox', { name: 'Model host address' }).fill(hub.url);
  await manager.getByRole('button', { name: 'Save' }).click();
  await manager.getByRole('radio', { name: 'WebAssembly (CPU)' }).check();
  await manager.getByRole('button', { name: `Use ${MODEL}` }).click();
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });

  hub.log.length = 0;
  await page.reload(); // settings come back from IndexedDB, the model from the store
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  await expect(page.getByTestId('model')).toHaveText(MODEL);
  await expect(page.getByTestId('device')).toHaveText('WASM');
  expect(modelRequests()).toEqual([]);

  await page.getByRole('button', { name: 'Models' }).click();
  await expect(manager.getByRole('textbox', { name: 'Model host address' })).toHaveValue(`${hub.url}{model}/resolve/{revision}/`);
  const row = manager.getByRole('listitem', { name: MODEL });
  await expect(row.getByTestId('model-status')).toHaveText(/^Stored · 70\.\d MB$/);
  const shownUsage = async () => Number(await manager.getByTestId('storage').getAttribute('data-usage'));
  // Chromium stores IndexedDB blobs compressed: the model's share of the usage is less than its size.
  const idbUsage = () => page.evaluate(async () => ((await navigator.storage.estimate()) as { usageDetails?: { indexedDB?: number } }).usageDetails?.indexedDB ?? 0);
  const before = { shown: await shownUsage(), idb: await idbUsage() };
  expect(before.idb).toBeGreaterThan(MODEL_BYTES / 2);
  await row.getByRole('button', { name: `Delete ${MODEL}` }).click();
  await expect(row.getByTestId('model-status')).toHaveText('Not stored');
  expect(await storedEntries(page)).toEqual([]);
  expect(await storedChunks(page)).toEqual([]);
  await expect.poll(idbUsage, { message: 'the browser reports the space freed' }).toBeLessThan(1_000_000);
  expect(before.shown - (await shownUsage()), 'the manager shows the space freed').toBeGreaterThan(before.idb - 1_000_000);
});

test('a quota too small gives a clear message naming the space needed, leaves nothing half-written, and the app stays usable', async ({ page, context, baseURL }) => {
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 20_000_000 });
  await page.goto(appUrl());
  const alert = page.locator('[role="alert"][data-code="storage-full"]');
  await expect(alert).toContainText(/Not enough storage for Xenova\/whisper-tiny\.en: .*[\d.]+ MB (more|still to save)\b.*Delete models you do not use/, { timeout: LOAD_TIMEOUT });
  await expect(state(page)).toHaveText('error');
  const entries = await storedEntries(page);
  expect(entries.every((e) => e.complete), 'no partial file').toBe(true);
  const chunks = await storedChunks(page);
  expect(chunks.every(([, , file]) => entries.some((e) => e.file === file)), 'no orphan chunk').toBe(true);

  await page.getByRole('button', { name: 'Models' }).click(); // still usable
  await expect(page.getByRole('dialog', { name: 'Models and storage' }).getByRole('listitem')).toHaveCount(5);
  await page.getByRole('button', { name: 'Close' }).click();
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  await expectModelStored(page);
});

test('a new version waits behind "Update available"; Reload is disabled while dictating and swaps it in after', async ({ page }) => {
  await page.goto(appUrl());
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now controlled by the service worker
  await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });

  // A new deployment: the preview server serves dist/ as it is on disk.
  const worker = join('dist', 'sw.js');
  const deployed = readFileSync(worker, 'utf8');
  writeFileSync(worker, `${deployed}\n// the next version\n`);
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const banner = page.getByTestId('update');
    await expect(banner).toContainText('Update available.', { timeout: 60_000 });
    const reload = banner.getByRole('button', { name: 'Reload' });
    await page.getByRole('button', { name: /start/i }).click();
    await expect(state(page)).not.toHaveText('ready');
    await expect(reload).toBeDisabled();
    await expect(banner).toContainText('Stop dictating, then reload to use it.');
    await page.getByRole('button', { name: /stop/i }).click();
    await expect(reload).toBeEnabled({ timeout: LOAD_TIMEOUT });
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    await expect(state(page)).toHaveText('ready', { timeout: LOAD_TIMEOUT });
    await expect(banner).toHaveCount(0);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
  } finally {
    writeFileSync(worker, deployed);
  }
});

test('the manifest and service worker meet Chromium\'s installability check; the Install button appears', async ({ baseURL }) => {
  // Installability is never offered in incognito-like contexts: use a real profile.
  const profile = mkdtempSync(join(tmpdir(), 'sotto-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutablePath,
    args: [...BASE_CHROMIUM_ARGS, '--bypass-app-banner-engagement-checks'],
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`/?device=wasm&host=${encodeURIComponent(hub.url)}&model=${MODEL}`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await page.evaluate(() => fetch('/manifest.webmanifest').then((r) => r.json()));
    expect(manifest).toMatchObject({ name: 'Sotto: live speech-to-text', short_name: 'Sotto', display: 'standalone', start_url: '.' });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    await expect(page.getByRole('button', { name: 'Install' })).toBeVisible();
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
