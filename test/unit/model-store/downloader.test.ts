import 'fake-indexeddb/auto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { modelDirectory, startModelHost, type ModelHost } from '../../../scripts/model-host';
import { ensureModelFiles, type EnsureModelOptions } from '../../../src/model-store/ensure-model';
import { CHUNK_BYTES, openModelStore, type ModelStore } from '../../../src/model-store/file-store';
import { IntegrityError, sha256Hex } from '../../../src/model-store/integrity';
import { normalizeHost } from '../../../src/model-store/model-host';
import type { DownloadProgress } from '../../../src/model-store/progress';
import { createTransformersCache } from '../../../src/model-store/transformers-cache';

/** The real whisper-tiny.en, served by a local hub: a 17 MB file is three chunks (8 + 8 + 0.2 MiB). */
const MODEL = 'Xenova/whisper-tiny.en';
const ENCODER = 'onnx/encoder_model_quantized.onnx';
const FILES = ['config.json', ENCODER];
const modelDir = modelDirectory(MODEL)!;
const SHA256 = new Map(
  readFileSync(join(modelDir, 'SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+\.\//) as [string, string])
    .map(([hash, file]) => [file, hash]),
);
const sizeOf = (file: string) => statSync(join(modelDir, file)).size;
const ample = async () => ({ usage: 0, quota: 1e12 });

let hub: ModelHost;
let host: string;
let store: ModelStore;
let dbCount = 0;

beforeAll(async () => {
  hub = await startModelHost();
  host = normalizeHost(hub.url, 'http://localhost/');
});
afterAll(() => hub.close());
beforeEach(() => {
  store = openModelStore(`downloader-test-${++dbCount}`);
  hub.log.length = 0;
  hub.controls.dropConnection = null;
});

const ensure = (options: Partial<EnsureModelOptions> = {}) =>
  ensureModelFiles({ store, modelId: MODEL, files: FILES, host, estimate: ample, retryDelaysMs: [0, 0], ...options });

/** SHA-256 of a stored file's bytes, reassembled from its chunks. */
async function storedSha256(file: string): Promise<string> {
  const entry = (await store.getEntry({ modelId: MODEL, revision: 'main', file }))!;
  return sha256Hex(await new Blob(await store.readChunks(entry)).arrayBuffer());
}

describe('downloading a model into the store', () => {
  it('stores every file whole, reports progress to the end, and needs no network afterwards', async () => {
    const progress: DownloadProgress[] = [];
    await ensure({ onProgress: (p) => progress.push(p) });
    for (const file of FILES) {
      const entry = await store.getEntry({ modelId: MODEL, revision: 'main', file });
      expect(entry).toMatchObject({ complete: true, size: sizeOf(file), storedBytes: sizeOf(file), revision: 'main' });
      expect(entry!.etag).toMatch(/^"/);
      expect(await storedSha256(file)).toBe(SHA256.get(file));
    }
    const total = sizeOf('config.json') + sizeOf(ENCODER);
    expect(progress.at(-1)).toMatchObject({ modelId: MODEL, file: ENCODER, loaded: total, total, fileLoaded: sizeOf(ENCODER) });
    expect(progress.every((p, i) => i === 0 || p.loaded >= progress[i - 1]!.loaded)).toBe(true);

    hub.log.length = 0;
    await ensure({ fetch: () => Promise.reject(new TypeError('offline')) });
    expect(hub.log).toEqual([]);
  });

  it('retries a dropped connection, resuming with a Range request at the last stored chunk', async () => {
    hub.controls.dropConnection = { file: /encoder_model_quantized/, atByte: 10_000_000 };
    await ensure({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        // The host has decided to drop this response: let the next one through.
        if (String(input).endsWith(ENCODER) && !new Headers(init?.headers).has('range')) hub.controls.dropConnection = null;
        return response;
      },
    });
    const encoderRequests = hub.log.filter((r) => r.file === ENCODER && r.range !== 'bytes=0-0');
    expect(encoderRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${CHUNK_BYTES}-`, 206],
    ]);
    expect(await storedSha256(ENCODER)).toBe(SHA256.get(ENCODER));
  });

  it('fails clearly when the connection keeps dropping, keeps only whole chunks, and resumes later', async () => {
    hub.controls.dropConnection = { file: /encoder_model_quantized/, atByte: 10_000_000 };
    const failure = ensure().then(
      () => null,
      (error: Error) => error,
    );
    const error = await failure;
    expect(error?.name).toBe('DownloadError');
    expect(error?.message).toMatch(/Downloading onnx\/encoder_model_quantized\.onnx from http:\/\/127\.0\.0\.1:\d+\/.* failed \(3 attempts\): the connection was lost/);
    expect(error?.message).toMatch(/The 8\.4 MB of 17\.0 MB already stored are kept: Retry resumes from there\./);
    const partial = await store.getEntry({ modelId: MODEL, revision: 'main', file: ENCODER });
    expect(partial).toMatchObject({ complete: false, storedBytes: CHUNK_BYTES, size: sizeOf(ENCODER) });
    // transformers.js never sees the partial file.
    const cache = createTransformersCache(store, { modelId: MODEL, revision: 'main', host });
    expect(await cache.match(`${hub.url}${MODEL}/resolve/main/${ENCODER}`)).toBeUndefined();
    expect(await cache.match(`${hub.url}${MODEL}/resolve/main/config.json`)).toBeInstanceOf(Response);

    hub.controls.dropConnection = null;
    hub.log.length = 0;
    await ensure();
    expect(hub.log.filter((r) => r.range !== 'bytes=0-0').map((r) => [r.file, r.range])).toEqual([[ENCODER, `bytes=${CHUNK_BYTES}-`]]);
    expect(await storedSha256(ENCODER)).toBe(SHA256.get(ENCODER));
  });

  it('deletes a stored file that fails its size check before loading, one that fails its checksum as it is read, says so, and fetches both again', async () => {
    await ensure();
    const db = createStore(`downloader-test-${dbCount}`, 'files');
    await set(['chunk', MODEL, 'main', ENCODER, 1], new Blob([new Uint8Array(CHUNK_BYTES)]), db); // same size, other bytes
    await set(['chunk', MODEL, 'main', 'config.json', 0], new Blob(['{}']), db); // truncated
    const damaged: [string, string][] = [];
    hub.log.length = 0;
    // Before a load only sizes are checked: no content is read.
    await ensure({ onDamaged: (file, reason) => damaged.push([file, reason]) });
    expect(damaged).toEqual([['config.json', `chunk 0 has 2 bytes, ${sizeOf('config.json')} expected`]]);
    expect(hub.log.filter((r) => r.range === null).map((r) => r.file)).toEqual(['config.json']);
    // Read through transformers.js's cache, the changed chunk never reaches the reader: the body errors, the file is deleted.
    const found: IntegrityError[] = [];
    const cache = createTransformersCache(store, { modelId: MODEL, revision: 'main', host }, (error) => found.push(error));
    const response = await cache.match(`${hub.url}${MODEL}/resolve/main/${ENCODER}`);
    const error = await response!.arrayBuffer().then(() => null, (e: Error) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(found.map((e) => [e.file, e.reason])).toEqual([[ENCODER, 'chunk 1 fails its SHA-256 check']]);
    expect(await store.getEntry({ modelId: MODEL, revision: 'main', file: ENCODER })).toBeUndefined();
    hub.log.length = 0;
    await ensure();
    expect(hub.log.filter((r) => r.range === null).map((r) => r.file)).toEqual([ENCODER]);
    for (const file of FILES) expect(await storedSha256(file)).toBe(SHA256.get(file));
    // A whole file reads back byte for byte.
    const whole = await cache.match(`${hub.url}${MODEL}/resolve/main/${ENCODER}`);
    expect(await sha256Hex(await whole!.arrayBuffer())).toBe(SHA256.get(ENCODER));
  });

  it('refuses a model that does not fit the quota before writing anything', async () => {
    const error = await ensure({ estimate: async () => ({ usage: 2_000_000, quota: 5_000_000 }) }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'StorageFullError' });
    expect((error as Error).message).toBe(
      'Not enough storage for Xenova/whisper-tiny.en: it needs 17.0 MB more, but only 3.0 MB of the 5.0 MB this browser allows the site is free. ' +
        'Delete models you do not use (Models) or free disk space, then press Retry.',
    );
    expect(await store.listEntries()).toEqual([]);
    expect(hub.log.every((r) => r.range === 'bytes=0-0')).toBe(true);
  });

  it('deletes the partial file when storage fills up during the download', async () => {
    let chunks = 0;
    const fullAfterOneChunk: ModelStore = {
      ...store,
      putChunk: (entry, index, data) =>
        ++chunks > 2 ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : store.putChunk(entry, index, data),
    };
    const error = await ensure({ store: fullAfterOneChunk }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'StorageFullError' });
    expect((error as Error).message).toMatch(/^Not enough storage for Xenova\/whisper-tiny\.en: the browser refused to store more of it, with 17\.0 MB still to save\./);
    expect((await store.listEntries()).map((e) => [e.file, e.complete])).toEqual([['config.json', true]]);
    expect(await store.readChunks({ ...(await store.getEntry({ modelId: MODEL, revision: 'main', file: 'config.json' }))! })).toHaveLength(1);
  });

  it('restarts from byte 0 when the file changed on the host since the partial download', async () => {
    const ref = { modelId: MODEL, revision: 'main', file: ENCODER };
    await store.putChunk(
      { ...ref, size: sizeOf(ENCODER), etag: '"an-older-version"', storedBytes: CHUNK_BYTES, chunkDigests: ['x'], complete: false, updatedAt: 0 },
      0,
      new Blob([new Uint8Array(CHUNK_BYTES)]),
    );
    await ensure();
    expect(hub.log.filter((r) => r.file === ENCODER && r.range !== 'bytes=0-0').map((r) => r.range)).toEqual([null]);
    expect(await storedSha256(ENCODER)).toBe(SHA256.get(ENCODER));
  });

  it('names a file the host does not have, without retrying', async () => {
    const error = await ensure({ files: ['onnx/no_such_model.onnx'] }).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'DownloadError' });
    expect((error as Error).message).toMatch(/^onnx\/no_such_model\.onnx is not on the model host: http:\/\/127\.0\.0\.1:\d+\/Xenova\/whisper-tiny\.en\/resolve\/main\/onnx\/no_such_model\.onnx$/);
    expect(hub.log).toHaveLength(1);
  });
});
