import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../format/clock';
import type { TranscriptHistory } from '../hooks/use-transcript-history';
import type { TranscriptDocument } from '../state/transcript';
import { matchesQuery, summarize } from '../transcript-store/summary';
import { SearchInput } from './SearchInput';

interface HistoryPanelProps {
  open: boolean;
  onClose(): void;
  history: TranscriptHistory;
  /** The transcript on screen. */
  currentId: string;
  /** While dictating, another transcript cannot be opened and the current one not deleted. */
  capturing: boolean;
}

/** The history dialog: past transcripts with start time, duration, word count and first words; search, open, rename, delete. */
export function HistoryPanel({ open, onClose, history, currentId, capturing }: HistoryPanelProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [documents, setDocuments] = useState<TranscriptDocument[]>([]);
  const [query, setQuery] = useState('');
  const { list, revision } = history;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    else if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    if (open) void list().then(setDocuments);
  }, [open, list, revision, currentId]);

  const shown = documents.filter((document) => matchesQuery(document, query));
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="history-heading" onClose={onClose}>
      <div class="dialog__bar">
        <h2 id="history-heading" class="dialog__title">
          History
        </h2>
        <button type="button" class="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <section class="dialog__section" aria-label="Search">
        <SearchInput label="Search transcripts" value={query} onChange={setQuery} />
      </section>
      <section class="dialog__section" aria-label="Transcripts">
        {shown.length === 0 ? (
          <p class="dialog__hint">{documents.length === 0 ? 'No transcripts yet.' : 'No transcript matches.'}</p>
        ) : (
          <ul class="history-list" data-testid="history-list">
            {shown.map((document) => (
              <HistoryRow
                key={document.id}
                document={document}
                current={document.id === currentId}
                capturing={capturing}
                history={history}
                onOpened={onClose}
              />
            ))}
          </ul>
        )}
      </section>
    </dialog>
  );
}

interface HistoryRowProps {
  document: TranscriptDocument;
  current: boolean;
  capturing: boolean;
  history: TranscriptHistory;
  onOpened(): void;
}

function HistoryRow({ document, current, capturing, history, onOpened }: HistoryRowProps) {
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const summary = summarize(document);
  const started = new Date(summary.startedAt).toLocaleString();
  const name = summary.title ?? started;
  return (
    <li class="history-row" data-testid="history-row">
      <div class="history-row__main">
        {renaming ? (
          <form
            class="history-row__rename"
            onSubmit={(event) => {
              event.preventDefault();
              const title = new FormData(event.currentTarget).get('title')?.toString().trim() ?? '';
              void history.rename(document.id, title === '' ? null : title);
              setRenaming(false);
            }}
          >
            <label class="visually-hidden" for={`title-${document.id}`}>
              New name
            </label>
            <input id={`title-${document.id}`} name="title" class="input" defaultValue={summary.title ?? ''} autoFocus />
            <button type="submit" class="button">
              Save
            </button>
            <button type="button" class="button button--quiet" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <h3 class="history-row__title">
            {name}
            {current && <span class="chip">open</span>}
          </h3>
        )}
        <p class="history-row__meta">
          {summary.title && `${started} · `}
          {formatDuration(summary.durationSeconds)} · {summary.words} {summary.words === 1 ? 'word' : 'words'}
        </p>
        <p class="history-row__preview">{summary.firstWords}</p>
      </div>
      {confirming ? (
        <div class="history-row__actions" role="group" aria-label={`Delete ${name}?`}>
          <span class="history-row__confirm">Delete this transcript for good?</span>
          <button
            type="button"
            class="button button--danger"
            onClick={() => {
              setConfirming(false);
              void history.remove(document.id);
            }}
          >
            Delete
          </button>
          <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div class="history-row__actions">
          <button
            type="button"
            class="button"
            disabled={current || capturing}
            aria-label={`Open ${name}`}
            onClick={() => void history.open(document.id).then(onOpened)}
          >
            Open
          </button>
          <button type="button" class="button button--quiet" aria-label={`Rename ${name}`} onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button
            type="button"
            class="button button--quiet"
            disabled={current && capturing}
            aria-label={`Delete ${name}`}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
