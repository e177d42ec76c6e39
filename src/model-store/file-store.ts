import { createStore, delMany, get, getMany, keys, setMany, type UseStore } from 'idb-keyval';

/**
 * Model files in IndexedDB (through idb-keyval), split into chunks of {@link CHUNK_BYTES}
 * so that a download can be stored as it arrives, resumed at a chunk boundary, and checked
 * chunk by chunk. One record per file ({@link FileEntry}) plus one Blob per chunk.
 */

/** Bytes per stored chunk (8 MiB); every chunk but a complete file's last has exactly this size. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** The IndexedDB database that holds the model files. */
export const MODEL_DB_NAME = 'sotto-models';

/** One model file: what it is, how big, where its bytes came from, and their checksums. */
export interface FileEntry {
  /** Model id in the Hugging Face layout, e.g. `Xenova/whisper-tiny.en`. */
  modelId: string;
  /** Revision (branch, tag or commit) the file was fetched at, e.g. `main`. */
  revision: string;
  /** Path inside the model repository, e.g. `onnx/encoder_model.onnx`. */
  file: string;
  /** Size of the whole file in bytes; null while unknown (a host that sent no length). */
  size: number | null;
  /** The host's ETag for the file, when it sent one: a resumed download must see the same. */
  etag: string | null;
  /** Bytes stored so far (the sum of the chunk sizes). */
  storedBytes: number;
  /** SHA-256 (lowercase hex) of each stored chunk, in order: the file's checksum. */
  chunkDigests: string[];
  /** Whether every byte is stored and matched `size`: only complete files are ever loaded. */
  complete: boolean;
  /** When the entry last changed, ms since the epoch. */
  updatedAt: number;
}

/** Identifies one file of one model revision. */
export type FileRef = Pick<FileEntry, 'modelId' | 'revision' | 'file'>;

/** Storage for model files; every method may reject with IndexedDB's DOMException (e.g. `QuotaExceededError`). */
export interface ModelStore {
  getEntry(ref: FileRef): Promise<FileEntry | undefined>;
  /** Entries of every stored or partly stored file. */
  listEntries(): Promise<FileEntry[]>;
  /** Writes the entry record alone (e.g. marking a file complete). */
  putEntry(entry: FileEntry): Promise<void>;
  /** Writes chunk `index` of the entry's file together with the entry, in one transaction. */
  putChunk(entry: FileEntry, index: number, data: Blob): Promise<void>;
  /**
   * The stored chunks of a file, in order.
   * @throws Error naming the file when a chunk the entry lists is missing.
   */
  readChunks(entry: FileEntry): Promise<Blob[]>;
  /** Removes a file's entry and all its chunks. */
  deleteFile(ref: FileRef): Promise<void>;
  /** Removes every file (all revisions) of a model. */
  deleteModel(modelId: string): Promise<void>;
}

type EntryKey = ['file', string, string, string];
type ChunkKey = ['chunk', string, string, string, number];

const entryKey = (ref: FileRef): EntryKey => ['file', ref.modelId, ref.revision, ref.file];
const chunkKey = (ref: FileRef, index: number): ChunkKey => ['chunk', ref.modelId, ref.revision, ref.file, index];

/**
 * Opens (creating on first use) the model store in IndexedDB database `dbName`. Works in
 * windows and workers; every context that opens the same name sees the same files.
 */
export function openModelStore(dbName = MODEL_DB_NAME): ModelStore {
  const db: UseStore = createStore(dbName, 'files');
  const allKeys = () => keys<IDBValidKey>(db) as Promise<(EntryKey | ChunkKey)[]>;
  const keysOf = async (match: (key: EntryKey | ChunkKey) => boolean) => (await allKeys()).filter(match);

  return {
    getEntry: (ref) => get<FileEntry>(entryKey(ref), db),

    async listEntries() {
      const entryKeys = await keysOf((key) => key[0] === 'file');
      // A file deleted meanwhile (by another tab or worker) reads as undefined.
      return (await getMany<FileEntry | undefined>(entryKeys, db)).filter((entry) => entry !== undefined);
    },

    putEntry: (entry) => setMany([[entryKey(entry), entry]], db),

    putChunk: (entry, index, data) =>
      setMany(
        [
          [chunkKey(entry, index), data],
          [entryKey(entry), entry],
        ],
        db,
      ),

    async readChunks(entry) {
      const chunks = await getMany<Blob | undefined>(entry.chunkDigests.map((_, index) => chunkKey(entry, index)), db);
      const missing = chunks.findIndex((chunk) => chunk === undefined);
      if (missing !== -1) throw new Error(`${entry.file}: chunk ${missing} is missing from the model store`);
      return chunks as Blob[];
    },

    async deleteFile(ref) {
      const same = (key: EntryKey | ChunkKey) => key[1] === ref.modelId && key[2] === ref.revision && key[3] === ref.file;
      await delMany(await keysOf(same), db);
    },

    async deleteModel(modelId) {
      await delMany(await keysOf((key) => key[1] === modelId), db);
    },
  };
}

/** An empty entry for a file about to be downloaded. */
export function newEntry({ modelId, revision, file }: FileRef, size: number | null, etag: string | null): FileEntry {
  return { modelId, revision, file, size, etag, storedBytes: 0, chunkDigests: [], complete: false, updatedAt: Date.now() };
}
