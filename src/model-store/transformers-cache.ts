import { appendStream, completeFile } from './chunk-writer';
import { newEntry, type FileRef, type ModelStore } from './file-store';
import { checkStructure, verifiedStream, type IntegrityError } from './integrity';
import { modelBaseUrl } from './model-host';

/**
 * The part of the Web Cache API that transformers.js calls on `env.customCache`: `match` with
 * a file's URL (or local path) before fetching it, `put` with the response after fetching it.
 */
export interface TransformersCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/**
 * A transformers.js custom cache (`env.useCustomCache = true; env.customCache = ...`) backed by
 * the model store, for one model revision on one host. Keys are the URLs transformers.js builds
 * from `env.remoteHost` + `env.remotePathTemplate` (see `transformersHost`); keys of other
 * models or files (ONNX Runtime's wasm, which transformers.js also caches) are not matched and
 * not stored.
 * - `match` answers only complete files whose size checks out, as a Response streaming the
 *   stored chunks with the file's Content-Length, each chunk's SHA-256 checked as it is read:
 *   a damaged chunk deletes the file, goes to `onDamaged`, and errors the body with an
 *   `IntegrityError` (so it never loads; the load fails, and a new one downloads it again).
 * - `put` stores a response transformers.js fetched itself (a file `ensureModelFiles` did not
 *   know of), whole or not at all.
 */
export function createTransformersCache(
  store: ModelStore,
  model: { modelId: string; revision: string; host: string },
  onDamaged: (error: IntegrityError) => void = () => {},
): TransformersCache {
  const base = modelBaseUrl(model.host, model.modelId, model.revision);
  const refOf = (key: string): FileRef | null =>
    key.startsWith(base) && key.length > base.length ? { modelId: model.modelId, revision: model.revision, file: key.slice(base.length) } : null;

  return {
    async match(key) {
      const ref = refOf(String(key));
      const entry = ref && (await store.getEntry(ref));
      if (!entry?.complete) return undefined;
      const checked = await checkStructure(store, entry);
      if ('damage' in checked) return undefined;
      const body = verifiedStream(entry, checked.chunks, async (error) => {
        await store.deleteFile(entry);
        onDamaged(error);
      });
      return new Response(body, { headers: { 'Content-Length': String(entry.size) } });
    },

    async put(key, response) {
      const ref = refOf(String(key));
      if (!ref || !response.body) {
        await response.body?.cancel();
        return;
      }
      const length = response.headers.get('content-length');
      await store.deleteFile(ref);
      try {
        const written = await appendStream(store, newEntry(ref, length ? Number(length) : null, response.headers.get('etag')), response.body);
        await completeFile(store, written);
      } catch (error) {
        await store.deleteFile(ref);
        throw error;
      }
    },
  };
}
