import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import type { TranscriptDocument } from '../state/transcript';

/**
 * The transcript history in IndexedDB (idb-keyval): one record per transcript, keyed by its
 * id. A database of its own ('sotto-transcripts'), apart from the model store, so deleting
 * models never touches history.
 */
export interface HistoryStore {
  /** Writes the whole transcript. Rejects with the browser's DOMException, e.g. `QuotaExceededError`. */
  save(transcript: TranscriptDocument): Promise<void>;
  load(id: string): Promise<TranscriptDocument | undefined>;
  /** Every stored transcript, most recently opened first. */
  list(): Promise<TranscriptDocument[]>;
  remove(id: string): Promise<void>;
}

/** Opens the history store in database `dbName` (tests pass their own). */
export function openHistoryStore(dbName = 'sotto-transcripts'): HistoryStore {
  const store: UseStore = createStore(dbName, 'transcripts');
  return {
    save: (transcript) => set(transcript.id, transcript, store),
    load: (id) => get<TranscriptDocument>(id, store),
    async list() {
      const all = await values<TranscriptDocument>(store);
      return all.sort((a, b) => b.openedAt - a.openedAt);
    },
    remove: (id) => del(id, store),
  };
}

/** Bytes a transcript takes as UTF-8 JSON: what the Models panel reports as history size (IndexedDB's own overhead not counted). */
export function storedBytes(transcript: TranscriptDocument): number {
  return new TextEncoder().encode(JSON.stringify(transcript)).length;
}
