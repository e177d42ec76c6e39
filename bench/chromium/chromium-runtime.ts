/**
 * The benchmark's Chromium runtime (`npm run bench -- --runtime chromium`), the Node side:
 * serves the bench page (`bench/chromium/index.html`, Vite dev server with
 * `bench/chromium/vite.config.ts`), opens it in headless Debian Chromium with playwright-core,
 * loads Whisper in the app's decoder worker there and streams files through the
 * computation-aware simulation inside the page (`bench/chromium/bench-worker.ts`). Decodes and
 * VAD therefore cost what they cost in the product: onnxruntime-web, WASM with as many threads
 * as the app takes (the page is cross-origin isolated) or WebGPU.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Device, DtypeMap } from '../../src/inference-worker/asr/model-catalog';
import type { LoadedModel } from '../../src/inference-worker/decoder-worker';
import type { StreamingSettings } from '../../src/inference-worker/streaming/settings';
import type { SimulationResult } from '../../src/simulation/realtime-simulation';
import { BASE_CHROMIUM_ARGS, chromiumExecutablePath } from '../../e2e/support/fake-microphone';
import { descendantsRssBytes } from './process-memory';

const here = dirname(fileURLToPath(import.meta.url));

/** WebGPU on SwiftShader, the CPU Vulkan device (the flags of `e2e/webgpu.spec.ts`). */
export const WEBGPU_SWIFTSHADER_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'];

/** First port tried for the bench page's server (the app's are 5173 and 4173); the next free one is taken. */
const BENCH_PORT = 4310;

/** Interval of the browser-memory sampling, ms (reading `/proc` costs CPU on a loaded machine). */
const MEMORY_SAMPLE_MS = 1000;

/** One Whisper load in the page. */
export interface ChromiumModel {
  /** Model id as the page's `/models/` host serves it, e.g. `Xenova/whisper-tiny.en`. */
  modelId: string;
  /** Precisions replacing the app's choice for the device (`dtypeFor`); missing ones keep it. */
  dtypes: Partial<DtypeMap>;
}

/** What one streamed file brought back from the page. */
export interface ChromiumStream {
  simulation: SimulationResult;
  /** Peak summed RSS of the browser's processes during the run, bytes ({@link descendantsRssBytes}). */
  peakMemoryBytes: number;
}

export interface ChromiumRuntime {
  device: Device;
  /** The browser's user agent and whether the page is cross-origin isolated, for reports. */
  environment: { crossOriginIsolated: boolean; hardwareConcurrency: number; userAgent: string };
  /**
   * Loads a model in its own decoder worker (once per distinct `model`; later calls return
   * the same load).
   * @throws Error when it does not load on this runtime's device
   */
  load(model: ChromiumModel): Promise<LoadedModel>;
  /**
   * Streams 16 kHz mono audio (the file plus its trailing silence) through the engine in the
   * page, with a model loaded before.
   */
  stream(model: ChromiumModel, audio: Float32Array, settings: StreamingSettings): Promise<ChromiumStream>;
  close(): Promise<void>;
}

/**
 * Prepares the app's runtime assets (`npm run assets`), starts the bench page's server and
 * Chromium (WebGPU on SwiftShader for `webgpu`) and opens the page. Console lines of the page and its workers go to `log`.
 * @throws Error when the page is not cross-origin isolated (ORT-web would run one WASM thread,
 *   unlike the app), or Chromium or the server fail to start
 */
export async function startChromiumRuntime(device: Device, log: (line: string) => void): Promise<ChromiumRuntime> {
  // ORT's wasm and Silero VAD into public/vendor/, as `npm run dev` and the e2e server do.
  execFileSync(process.execPath, [resolve(here, '../../scripts/prepare-assets.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const server: ViteDevServer = await createServer({ configFile: resolve(here, 'vite.config.ts'), server: { port: BENCH_PORT, host: '127.0.0.1' } });
  let browser: Browser | null = null;
  try {
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the bench page server did not report its URL');
    browser = await chromium.launch({
      executablePath: chromiumExecutablePath,
      headless: true,
      args: [...BASE_CHROMIUM_ARGS, ...(device === 'webgpu' ? WEBGPU_SWIFTSHADER_ARGS : [])],
    });
    const page: Page = await browser.newPage();
    page.on('console', (message) => {
      // Vite's client script complains that it has no HMR socket (the server has none, on purpose).
      if (!message.text().startsWith('[vite]')) log(`chromium: ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`chromium page error: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => 'sottoBench' in window);
    const environment = await page.evaluate(() => window.sottoBench.environment());
    if (!environment.crossOriginIsolated) throw new Error(`${url} is not cross-origin isolated: ORT-web would run single-threaded`);
    const host = `${url}models/{model}/`;
    const loads = new Map<string, Promise<LoadedModel>>();
    const keyOf = (model: ChromiumModel) => JSON.stringify([model.modelId, model.dtypes.encoder_model ?? '', model.dtypes.decoder_model_merged ?? '']);
    const load = (model: ChromiumModel): Promise<LoadedModel> => {
      const key = keyOf(model);
      if (!loads.has(key)) {
        const options = { modelId: model.modelId, device, host, dtypes: model.dtypes };
        loads.set(key, page.evaluate(([k, o]) => window.sottoBench.load(k, o), [key, options] as const));
      }
      return loads.get(key)!;
    };
    const opened = browser;
    return {
      device,
      environment,
      load,
      async stream(model, audio, settings) {
        await load(model);
        let peakMemoryBytes = descendantsRssBytes(process.pid);
        const sampler = setInterval(() => {
          peakMemoryBytes = Math.max(peakMemoryBytes, descendantsRssBytes(process.pid));
        }, MEMORY_SAMPLE_MS);
        try {
          const base64 = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength).toString('base64');
          const simulation = await page.evaluate(([k, a, s]) => window.sottoBench.run(k, a, s), [keyOf(model), base64, settings] as const);
          return { simulation, peakMemoryBytes: Math.max(peakMemoryBytes, descendantsRssBytes(process.pid)) };
        } finally {
          clearInterval(sampler);
        }
      },
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
