import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AppAction } from '../state/actions';
import { isEmptyTranscript, newTranscript, toDocument, type TranscriptDocument, type TranscriptState } from '../state/transcript';
import { openHistoryStore, storedBytes } from '../transcript-store/history-store';
import { createPersister } from '../transcript-store/persister';

export interface TranscriptHistory {
  /** The last opened transcript has been read back (or there was none): dictation may start. */
  restored: boolean;
  /** Why the transcript is not being saved (quota, IndexedDB missing); null while saves succeed. */
  saveError: string | null;
  /** The transcript that Clear put away, while the new one is still empty: `undoClear` reopens it. */
  cleared: TranscriptDocument | null;
  /** Bumped after every successful write, so lists can refresh. */
  revision: number;
  /** Opens a new empty transcript; the current one stays in history. */
  clear(): void;
  undoClear(): void;
  /** Every transcript with words in it, most recently opened first (the current one as on screen). */
  list(): Promise<TranscriptDocument[]>;
  open(id: string): Promise<void>;
  rename(id: string, title: string | null): Promise<void>;
  /** Deletes a transcript; deleting the current one opens a new empty one. */
  remove(id: string): Promise<void>;
  /** Bytes the history takes (UTF-8 JSON of every transcript). */
  measure(): Promise<number>;
}

const store = openHistoryStore();

/**
 * Keeps the transcript in IndexedDB: at load it reopens the most recently opened transcript
 * (its open partial becomes a line, its sessions go on), then saves every change (finals and
 * edits at once, the partial at most once a second, and whatever is pending when the page is
 * hidden). History operations act on the store and, for the current transcript, on the state.
 */
export function useTranscriptHistory(transcript: TranscriptState, dispatch: (action: AppAction) => void): TranscriptHistory {
  const [restored, setRestored] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [cleared, setCleared] = useState<TranscriptDocument | null>(null);
  const [revision, setRevision] = useState(0);
  const persister = useMemo(
    () =>
      createPersister(store, setSaveError, () => {
        setSaveError(null);
        setRevision((n) => n + 1);
      }),
    [],
  );

  useEffect(() => {
    void store.list().then(
      ([latest]) => {
        dispatch({ type: 'open', transcript: latest ? { ...latest, openedAt: Date.now() } : newTranscript(Date.now()) });
        setRestored(true);
      },
      (error: unknown) => {
        dispatch({ type: 'open', transcript: newTranscript(Date.now()) });
        setSaveError(`Transcript history could not be read, so this transcript is not saved: ${error instanceof Error ? error.message : String(error)}.`);
        setRestored(true);
      },
    );
    const onHide = () => {
      if (document.visibilityState === 'hidden') void persister.flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
    };
  }, [dispatch, persister]);

  const previous = useRef<TranscriptState | null>(null);
  useEffect(() => {
    const before = previous.current;
    if (!transcript.id || before === transcript) return;
    previous.current = transcript;
    const replaced = before !== null && before.id !== '' && before.id !== transcript.id;
    const urgent = !before || replaced || before.lines !== transcript.lines || before.title !== transcript.title || before.session !== transcript.session;
    persister.save(toDocument(transcript), urgent);
    // An empty transcript left behind (Clear undone, another opened) is not kept.
    if (replaced && isEmptyTranscript(before)) void persister.flush().then(() => store.remove(before.id));
    if (!isEmptyTranscript(transcript)) setCleared((current) => (current?.id === transcript.id ? current : null));
  }, [transcript, persister]);

  const current = useRef(transcript);
  current.current = transcript;

  const openDocument = useCallback((document: TranscriptDocument) => dispatch({ type: 'open', transcript: { ...document, openedAt: Date.now() } }), [dispatch]);

  const clear = useCallback(() => {
    setCleared(toDocument(current.current));
    openDocument(newTranscript(Date.now()));
  }, [openDocument]);

  const undoClear = useCallback(() => {
    if (cleared) openDocument(cleared);
    setCleared(null);
  }, [cleared, openDocument]);

  const list = useCallback(async () => {
    await persister.flush();
    const all = await store.list();
    return all
      .map((document) => (document.id === current.current.id ? toDocument(current.current) : document))
      .filter((document) => !isEmptyTranscript(document));
  }, [persister]);

  const open = useCallback(
    async (id: string) => {
      if (id === current.current.id) return;
      await persister.flush();
      const document = await store.load(id);
      if (document) openDocument(document);
    },
    [persister, openDocument],
  );

  const rename = useCallback(
    async (id: string, title: string | null) => {
      if (id === current.current.id) return dispatch({ type: 'rename', title });
      const document = await store.load(id);
      if (document) await store.save({ ...document, title });
      setRevision((n) => n + 1);
    },
    [dispatch],
  );

  const remove = useCallback(
    async (id: string) => {
      if (id === current.current.id) openDocument(newTranscript(Date.now()));
      await persister.flush();
      await store.remove(id);
      setCleared((document) => (document?.id === id ? null : document));
      setRevision((n) => n + 1);
    },
    [persister, openDocument],
  );

  const measure = useCallback(async () => {
    await persister.flush();
    return (await store.list()).reduce((sum, document) => sum + storedBytes(document), 0);
  }, [persister]);

  return { restored, saveError, cleared, revision, clear, undoClear, list, open, rename, remove, measure };
}
