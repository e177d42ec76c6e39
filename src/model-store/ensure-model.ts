import { formatBytes } from '../format/bytes';
import { DownloadError, downloadFile, probeFile, resumable, RETRY_DELAYS_MS, type Network } from './downloader';
import type { ModelStore } from './file-store';
import { checkStructure } from './integrity';
import { modelFileUrl } from './model-host';
import { createRateMeter, secondsLeft, type DownloadProgress } from './progress';
import { assertSpace, estimateStorage, isQuotaExceeded, storageFull, type EstimateStorage } from './storage-space';

export interface EnsureModelOptions {
  store: ModelStore;
  modelId: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Paths in the model repository that must be stored (see `whisperFiles`). */
  files: readonly string[];
  /** Host template (see `model-host.ts`). */
  host: string;
  onProgress?(progress: DownloadProgress): void;
  /** A stored file failed its size check and was deleted; it is downloaded again. */
  onDamaged?(file: string, reason: string): void;
  signal?: AbortSignal;
  /** Injectable for tests; default the global `fetch`, `navigator.storage.estimate` and {@link RETRY_DELAYS_MS}. */
  fetch?: typeof fetch;
  estimate?: EstimateStorage;
  retryDelaysMs?: readonly number[];
}

/** Progress goes out at most this often (ms), and at the start and end of each file. */
const PROGRESS_INTERVAL_MS = 150;

/**
 * Makes sure every file of a model is stored whole, downloading only what is missing:
 * 1. each complete stored file is checked for its size and its chunks' sizes (no content is
 *    read: the chunks' SHA-256 is checked as transformers.js reads them, `transformers-cache.ts`);
 *    a damaged one is deleted and reported to `onDamaged`;
 * 2. the missing files are probed for their size and ETag, and the bytes still needed are
 *    checked against the storage quota before anything is written;
 * 3. they are downloaded one after another (resuming partial ones), with progress.
 * Runs under a Web Lock per model, so a window and a worker never fetch the same model at once.
 * Needs no network when everything is stored.
 * @throws DownloadError (which file, from where, why; a kept partial file is mentioned),
 *   StorageFullError (space needed and free; the partial file is deleted), or `AbortError`
 */
export function ensureModelFiles(options: EnsureModelOptions): Promise<void> {
  const revision = options.revision ?? 'main';
  return withLock(`sotto-model:${options.modelId}@${revision}`, () => ensureLocked(options, revision));
}

async function ensureLocked(options: EnsureModelOptions, revision: string): Promise<void> {
  const { store, modelId, host } = options;
  const estimate = options.estimate ?? estimateStorage;
  const refOf = (file: string) => ({ modelId, revision, file });

  let storedBytes = 0;
  const missing: string[] = [];
  for (const file of options.files) {
    const entry = await store.getEntry(refOf(file));
    if (entry?.complete) {
      const checked = await checkStructure(store, entry);
      if (!('damage' in checked)) {
        storedBytes += entry.storedBytes;
        continue;
      }
      await store.deleteFile(entry);
      options.onDamaged?.(file, checked.damage);
    }
    missing.push(file);
  }
  if (missing.length === 0) return;

  const net: Network = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    signal: options.signal,
    retryDelaysMs: options.retryDelaysMs ?? RETRY_DELAYS_MS,
  };
  const sources = await Promise.all(missing.map((file) => probeFile(modelFileUrl(host, modelId, revision, file), file, net)));
  const partials = await Promise.all(missing.map((file) => store.getEntry(refOf(file))));
  const kept = partials.map((entry, i) => (entry && resumable(entry, sources[i]!) ? entry.storedBytes : 0));
  const total = storedBytes + sum(sources.map((source) => source.size ?? 0));
  await assertSpace(modelId, total - storedBytes - sum(kept), estimate);

  const meter = createRateMeter();
  let done = storedBytes;
  let lastReport = -Infinity;
  const report = (file: string, fileLoaded: number, fileTotal: number, force: boolean) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    const rate = meter.rate();
    const loaded = done + fileLoaded;
    options.onProgress({
      modelId,
      file,
      fileLoaded,
      fileTotal,
      loaded,
      total,
      bytesPerSecond: rate,
      fileSecondsLeft: secondsLeft(fileTotal - fileLoaded, rate),
      secondsLeft: secondsLeft(total - loaded, rate),
    });
  };

  for (const [i, file] of missing.entries()) {
    const source = sources[i]!;
    const size = () => source.size ?? 0;
    report(file, kept[i]!, size(), true);
    try {
      const entry = await downloadFile(store, refOf(file), source, net, (position, bytes) => {
        meter.add(bytes);
        report(file, position, Math.max(size(), position), false);
      });
      report(file, entry.storedBytes, entry.storedBytes, true);
      done += entry.storedBytes;
    } catch (error) {
      if (isQuotaExceeded(error)) throw storageFull(modelId, total - done, await estimate());
      if (error instanceof DownloadError) {
        const partial = await store.getEntry(refOf(file));
        if (partial && partial.storedBytes > 0) {
          const of = partial.size === null ? '' : ` of ${formatBytes(partial.size)}`;
          throw new DownloadError(`${error.message}. The ${formatBytes(partial.storedBytes)}${of} already stored are kept: Retry resumes from there.`);
        }
      }
      throw error;
    }
  }
}

/** Runs `task` holding the Web Lock `name` where the browser has Web Locks (not in Node). */
function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(name, task) : task();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
