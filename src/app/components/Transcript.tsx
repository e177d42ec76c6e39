import { transcriptText, type TranscriptState } from '../state/transcript';
import { useStickToBottom } from '../hooks/use-stick-to-bottom';
import { FinalPane } from './FinalPane';
import { PartialPane } from './PartialPane';
import { TranscriptActions } from './TranscriptActions';

interface TranscriptProps {
  transcript: TranscriptState;
  capturing: boolean;
  onClear(): void;
}

/** The transcript card: finalized lines, the live partial line, and Copy/Clear. */
export function Transcript({ transcript, capturing, onClear }: TranscriptProps) {
  const { lines, partial } = transcript;
  const scroller = useStickToBottom<HTMLDivElement>(transcript);
  const empty = lines.length === 0 && partial === null;
  return (
    <section class="transcript" aria-labelledby="transcript-heading">
      <div class="transcript__bar">
        <h2 id="transcript-heading" class="transcript__heading">
          Transcript
        </h2>
        <TranscriptActions text={transcriptText(transcript)} capturing={capturing} onClear={onClear} />
      </div>
      <div class="transcript__body" ref={scroller} tabIndex={0} role="region" aria-label="Transcript text">
        <FinalPane lines={lines} />
        <PartialPane partial={partial} />
        {empty && (
          <p class="transcript__placeholder">
            {capturing ? 'Listening… start speaking.' : 'Your words will appear here.'}
          </p>
        )}
      </div>
    </section>
  );
}
