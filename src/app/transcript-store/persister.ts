import { isQuotaExceeded } from '../../model-store/storage-space';
import type { TranscriptDocument } from '../state/transcript';
import type { HistoryStore } from './history-store';

/** The open partial is written at most this often, ms (the "at least once a second"). */
export const PARTIAL_SAVE_INTERVAL_MS = 1000;

export interface Persister {
  /**
   * Saves `transcript`: at once when `urgent` (a final, an edit, another transcript opened),
   * otherwise (only the partial changed) within PARTIAL_SAVE_INTERVAL_MS. Writes run one at a
   * time in call order, and a transcript replaced by another is written before it.
   */
  save(transcript: TranscriptDocument, urgent: boolean): void;
  /** Writes what is pending now; resolves when every write so far has finished. */
  flush(): Promise<void>;
}

/**
 * Writes transcripts to `store` as they change. A failed write goes to `onError` with a message
 * for the user (quota or other) and the next change is tried again; `onSaved` follows each
 * successful write. Nothing on screen depends on a write succeeding.
 */
export function createPersister(store: HistoryStore, onError: (message: string) => void, onSaved: () => void): Persister {
  let pending: TranscriptDocument | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<void> = Promise.resolve();

  const write = (transcript: TranscriptDocument) => {
    queue = queue.then(() =>
      store.save(transcript).then(onSaved, (error: unknown) => onError(saveFailure(error))),
    );
  };
  const writePending = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending) write(pending);
    pending = null;
  };

  return {
    save(transcript, urgent) {
      if (pending && pending.id !== transcript.id) writePending();
      pending = transcript;
      if (urgent) writePending();
      else if (timer === null) timer = setTimeout(writePending, PARTIAL_SAVE_INTERVAL_MS);
    },
    flush() {
      writePending();
      return queue;
    },
  };
}

/** What the user is told when the browser refuses to store the transcript. */
export function saveFailure(error: unknown): string {
  const why = isQuotaExceeded(error)
    ? 'the browser refused to store more (storage full)'
    : `the browser refused to store it (${error instanceof Error ? error.message : String(error)})`;
  return `This transcript is not being saved: ${why}. It stays on screen: copy or download it, and free space by deleting old transcripts (History) or models (Models).`;
}
