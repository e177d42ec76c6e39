import { Fragment } from 'preact';
import { lineKey, type TranscriptLine } from '../state/transcript';

/**
 * The finalized transcript, one element per utterance. Lines are separated by "\n" text
 * nodes (collapsed on screen), so both textContent and innerText are exactly the lines.
 */
export function FinalPane({ lines }: { lines: TranscriptLine[] }) {
  return (
    <div class="final" data-testid="final" role="log" aria-live="polite" aria-label="Final transcript">
      {lines.map((line, index) => (
        <Fragment key={lineKey(line)}>
          {index > 0 && '\n'}
          <div class="final__line">{line.text}</div>
        </Fragment>
      ))}
    </div>
  );
}
