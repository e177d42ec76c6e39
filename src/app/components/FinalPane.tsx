import { Fragment } from 'preact';
import type { TranscriptLine } from '../state/transcript';

/**
 * The finalized transcript, one element per utterance. Lines are separated by "\n" text
 * nodes (collapsed on screen), so both textContent and innerText are exactly the lines.
 */
export function FinalPane({ lines }: { lines: TranscriptLine[] }) {
  return (
    <div class="final" data-testid="final" role="log" aria-live="polite" aria-label="Transcript">
      {lines.map((line, index) => (
        <Fragment key={line.key}>
          {index > 0 && '\n'}
          <div class="final__line">{line.text}</div>
        </Fragment>
      ))}
    </div>
  );
}
