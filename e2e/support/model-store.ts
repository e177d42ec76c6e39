import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { modelDirectory } from '../../scripts/model-host';
import { MODEL_DB_NAME, type FileEntry } from '../../src/model-store/file-store';

/**
 * Reads and tampers with the app's model store (IndexedDB `sotto-models`, object store `files`:
 * `['file', model, revision, path]` → entry, `['chunk', model, revision, path, index]` → Blob)
 * from inside the page, and gives the real files' sizes and SHA-256 from ../shared.
 */

type Request = <R>(request: IDBRequest<R>) => Promise<R>;
type StoreBody<T, A> = (store: IDBObjectStore, request: Request, arg: A) => Promise<T>;

/**
 * Runs `body` in the page on the model store's object store, in one transaction. `body` is
 * sent as source text, so it may use only its arguments and page globals.
 */
function inStore<T, A>(page: Page, mode: IDBTransactionMode, body: StoreBody<T, A>, arg: A): Promise<T> {
  return page.evaluate(
    async ({ dbName, mode, source, arg }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('files')) return [] as T;
        const store = db.transaction('files', mode).objectStore('files');
        const request: Request = (r) =>
          new Promise((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const run = (0, eval)(`(${source})`) as StoreBody<T, A>;
        return await run(store, request, arg as A);
      } finally {
        db.close();
      }
    },
    { dbName: MODEL_DB_NAME, mode, source: body.toString(), arg },
  );
}

type Key = IDBValidKey[];

/** Every file entry in the store. */
export function storedEntries(page: Page): Promise<FileEntry[]> {
  return inStore(page, 'readonly', async (store, request) => {
    const keys = (await request(store.getAllKeys())) as Key[];
    return Promise.all(keys.filter((key) => key[0] === 'file').map((key) => request(store.get(key)) as Promise<FileEntry>));
  }, null);
}

/** Every chunk key in the store, as `[model, revision, file, index]`. */
export function storedChunks(page: Page): Promise<Key[]> {
  return inStore(page, 'readonly', async (store, request) => {
    const keys = (await request(store.getAllKeys())) as Key[];
    return keys.filter((key) => key[0] === 'chunk').map((key) => key.slice(1));
  }, null);
}

/** SHA-256 (hex) of a stored file, reassembled from its chunks in the page. */
export function storedSha256(page: Page, modelId: string, file: string): Promise<string> {
  return inStore(page, 'readonly', async (store, request, { modelId, file }) => {
    const entry = (await request(store.get(['file', modelId, 'main', file]))) as FileEntry;
    const chunks = await Promise.all(entry.chunkDigests.map((_, i) => request(store.get(['chunk', modelId, 'main', file, i])) as Promise<Blob>));
    const digest = await crypto.subtle.digest('SHA-256', await new Blob(chunks).arrayBuffer());
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  }, { modelId, file });
}

/** Replaces chunk `index` of a stored file with zeros of the same size (the entry keeps its digests). */
export function corruptChunk(page: Page, modelId: string, file: string, index: number): Promise<void> {
  return inStore(page, 'readwrite', async (store, request, { modelId, file, index }) => {
    const key = ['chunk', modelId, 'main', file, index];
    const chunk = (await request(store.get(key))) as Blob;
    await request(store.put(new Blob([new Uint8Array(chunk.size)]), key));
  }, { modelId, file, index });
}

/** Size in bytes and SHA-256 of a file of a model in ../shared/models. */
export function sharedModelFile(modelId: string, file: string): { size: number; sha256: string } {
  const dir = modelDirectory(modelId)!;
  const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
  const sha256 = sums.split('\n').find((line) => line.endsWith(`./${file}`))?.split(/\s+/)[0];
  if (!sha256) throw new Error(`${file} is not in ${dir}/SHA256SUMS`);
  return { size: statSync(join(dir, file)).size, sha256 };
}
