/**
 * The benchmark page: starts the bench worker and hands its Comlink proxy to the Playwright
 * driver as `window.sottoBench` (see `bench/chromium/chromium-runtime.ts`).
 */
import * as Comlink from 'comlink';
import type { BenchWorkerApi } from './bench-worker';

declare global {
  interface Window {
    sottoBench: Comlink.Remote<BenchWorkerApi>;
  }
}

window.sottoBench = Comlink.wrap<BenchWorkerApi>(new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: 'sotto-bench' }));
