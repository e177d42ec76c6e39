import { useCallback, useEffect, useState } from 'preact/hooks';
import { ensureModelFiles } from '../../model-store/ensure-model';
import { openModelStore, type FileEntry } from '../../model-store/file-store';
import type { DownloadProgress } from '../../model-store/progress';
import { estimateStorage } from '../../model-store/storage-space';

/** What the model store holds of one model (every revision). */
export interface StoredModel {
  /** Bytes stored, partial files included. */
  bytes: number;
  /** Paths of the files stored whole. */
  completeFiles: ReadonlySet<string>;
}

/** A download started from the model manager: running (progress) or failed (error). */
export interface ModelDownload {
  progress: DownloadProgress | null;
  error: string | null;
}

export interface ModelLibrary {
  stored: ReadonlyMap<string, StoredModel>;
  /** `navigator.storage.estimate()` for the whole site, bytes; null until known or where unsupported. */
  storage: { usage: number; quota: number } | null;
  /** Whether the browser keeps the site's storage under pressure (`navigator.storage.persisted()`). */
  persisted: boolean | null;
  /** Downloads started here, by model id, while running or after failing. */
  downloads: Readonly<Record<string, ModelDownload>>;
  /** Reads the store and the storage estimate again (e.g. after the engine downloaded a model). */
  refresh(): void;
  /** Asks the browser to keep the site's storage (`navigator.storage.persist()`). */
  persist(): void;
  /** Downloads the missing files of a model; progress and errors land in `downloads`. */
  download(modelId: string, files: readonly string[], host: string): void;
  /** Deletes every stored file of a model. */
  remove(modelId: string): Promise<void>;
}

const store = openModelStore();

/** The model store as the model manager shows it, with download and delete. */
export function useModelLibrary(): ModelLibrary {
  const [stored, setStored] = useState<ReadonlyMap<string, StoredModel>>(new Map());
  const [storage, setStorage] = useState<ModelLibrary['storage']>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [downloads, setDownloads] = useState<Record<string, ModelDownload>>({});

  const refresh = useCallback(() => {
    void store.listEntries().then((entries) => setStored(summarize(entries)));
    void estimateStorage().then(({ usage, quota }) => setStorage(usage !== undefined && quota !== undefined ? { usage, quota } : null));
    void navigator.storage?.persisted?.().then(setPersisted);
  }, []);

  useEffect(refresh, [refresh]);

  const persist = useCallback(() => {
    void navigator.storage?.persist?.().then(setPersisted);
  }, []);

  const download = useCallback(
    (modelId: string, files: readonly string[], host: string) => {
      const set = (value: ModelDownload | null) =>
        setDownloads(({ [modelId]: _, ...others }) => (value ? { ...others, [modelId]: value } : others));
      set({ progress: null, error: null });
      ensureModelFiles({ store, modelId, files, host, onProgress: (progress) => set({ progress, error: null }) })
        .then(
          () => {
            set(null);
            persist();
          },
          (error: unknown) => set({ progress: null, error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(refresh);
    },
    [refresh, persist],
  );

  const remove = useCallback(
    async (modelId: string) => {
      await store.deleteModel(modelId);
      refresh();
    },
    [refresh],
  );

  return { stored, storage, persisted, downloads, refresh, persist, download, remove };
}

function summarize(entries: FileEntry[]): Map<string, StoredModel> {
  const models = new Map<string, { bytes: number; completeFiles: Set<string> }>();
  for (const entry of entries) {
    const model = models.get(entry.modelId) ?? { bytes: 0, completeFiles: new Set<string>() };
    model.bytes += entry.storedBytes;
    if (entry.complete) model.completeFiles.add(entry.file);
    models.set(entry.modelId, model);
  }
  return models;
}
