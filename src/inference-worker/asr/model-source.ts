import { env } from '@huggingface/transformers';
import type { ModelStore } from '../../model-store/file-store';
import { transformersHost } from '../../model-store/model-host';
import type { IntegrityError } from '../../model-store/integrity';
import { createTransformersCache } from '../../model-store/transformers-cache';

/** One revision of a model on a host (see `model-host.ts`). */
export interface ModelLocation {
  modelId: string;
  revision: string;
  host: string;
}

/**
 * Makes transformers.js read `model` from the model store: its custom cache (not the Cache API,
 * not a local path) answers every file. A file missing from the store would be fetched from
 * the model's host and stored by the cache; `ensureModelFiles` stores them all beforehand, so
 * loading needs no network. A stored file whose content fails its checksum as it is read is
 * deleted and goes to `onDamaged`, and the load fails.
 */
export function readModelFromStore(store: ModelStore, model: ModelLocation, onDamaged: (error: IntegrityError) => void): void {
  const { remoteHost, remotePathTemplate } = transformersHost(model.host);
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = remoteHost;
  env.remotePathTemplate = remotePathTemplate;
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.useCustomCache = true;
  env.customCache = createTransformersCache(store, model, onDamaged);
}
