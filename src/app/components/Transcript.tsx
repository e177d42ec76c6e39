import type { RecognizerState } from '../../inference-worker/protocol';
import type { TranscriptDocument, TranscriptState, UtterancePosition } from '../state/transcript';
import { transcriptText } from '../state/transcript';
import { useStickToBottom } from '../hooks/use-stick-to-bottom';
import { setTranscriptPreferences, transcriptPreferences } from '../settings/transcript-preferences';
import { FinalPane } from './FinalPane';
import { PartialPane } from './PartialPane';
import { TranscriptActions } from './TranscriptActions';

interface TranscriptProps {
  transcript: TranscriptState;
  capturing: boolean;
  state: RecognizerState;
  onEdit(line: UtterancePosition, text: string): void;
  onClear(): void;
  /** The transcript Clear put away, while Undo can bring it back. */
  cleared: TranscriptDocument | null;
  onUndoClear(): void;
  /** Why the transcript is not being saved; null while it is. */
  saveError: string | null;
}

/** The transcript card: editable finalized lines, the live partial line, and its actions. */
export function Transcript({ transcript, capturing, state, onEdit, onClear, cleared, onUndoClear, saveError }: TranscriptProps) {
  const { lines, partial } = transcript;
  const scroller = useStickToBottom<HTMLDivElement>(transcript);
  const { showTimes, copyOnStop } = transcriptPreferences.value;
  const empty = lines.length === 0 && partial === null;
  return (
    <section class="transcript" aria-labelledby="transcript-heading">
      <div class="transcript__bar">
        <h2 id="transcript-heading" class="transcript__heading">
          {transcript.title ?? 'Transcript'}
        </h2>
        <TranscriptActions transcript={transcript} text={transcriptText(transcript)} capturing={capturing} state={state} copyOnStop={copyOnStop} onClear={onClear} />
      </div>
      {saveError && (
        <p class="transcript__notice transcript__notice--error" role="alert" data-testid="save-error">
          {saveError}
        </p>
      )}
      {cleared && (
        <p class="transcript__notice" role="status">
          The previous transcript is in History.
          <button type="button" class="button button--quiet" onClick={onUndoClear}>
            Undo
          </button>
        </p>
      )}
      <div class="transcript__body" ref={scroller} tabIndex={0} role="region" aria-label="Transcript text">
        <FinalPane transcriptId={transcript.id} lines={lines} showTimes={showTimes} onEdit={onEdit} />
        <PartialPane partial={partial} />
        {empty && (
          <p class="transcript__placeholder">
            {capturing ? 'Listening… start speaking.' : 'Your words will appear here. Click a line to edit it.'}
          </p>
        )}
      </div>
      <div class="transcript__options">
        <label class="choice">
          <input type="checkbox" checked={showTimes} onChange={(event) => setTranscriptPreferences({ showTimes: event.currentTarget.checked })} />
          Show times
        </label>
        <label class="choice">
          <input type="checkbox" checked={copyOnStop} onChange={(event) => setTranscriptPreferences({ copyOnStop: event.currentTarget.checked })} />
          Copy the transcript when dictation stops
        </label>
      </div>
    </section>
  );
}
