import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { lineLabels } from '../format/line-labels';
import { lineKey, type TranscriptLine, type UtterancePosition } from '../state/transcript';

interface FinalPaneProps {
  /** The transcript's id: lines of a transcript just opened are not announced. */
  transcriptId: string;
  lines: TranscriptLine[];
  /** Show each line's audio start and end before it. */
  showTimes: boolean;
  onEdit(line: UtterancePosition, text: string): void;
}

/**
 * The finalized transcript, one editable line per utterance. Lines are separated by "\n" text
 * nodes (collapsed on screen), so both textContent and innerText are exactly the lines (with
 * their times when shown). The pane itself is not a live region, so typing is not read out: a
 * separate polite status announces each new final once.
 */
export function FinalPane({ transcriptId, lines, showTimes, onEdit }: FinalPaneProps) {
  const announcement = useNewLineAnnouncement(transcriptId, lines);
  return (
    <>
      <div class="final" data-testid="final" role="group" aria-label="Final transcript (editable)">
        {lines.map((line, index) => (
          <Fragment key={lineKey(line)}>
            {index > 0 && '\n'}
            <EditableLine line={line} number={index + 1} showTime={showTimes} onEdit={(text) => onEdit(line, text)} />
          </Fragment>
        ))}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="final-announcement">
        {announcement}
      </p>
    </>
  );
}

interface EditableLineProps {
  line: TranscriptLine;
  number: number;
  showTime: boolean;
  onEdit(text: string): void;
}

/**
 * One line, edited in place (plain text, one line: Enter is ignored). Its marks (language tag,
 * fallback decoder, dropped text) are drawn by CSS from data attributes (`lineLabels`). The text node is left to
 * the browser while typing and set only when the line's text changes from elsewhere (a final
 * replacing a kept partial), so the caret never jumps.
 */
function EditableLine({ line, number, showTime, onEdit }: EditableLineProps) {
  const text = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = text.current;
    if (element && element.textContent !== line.text) element.textContent = line.text;
  }, [line.text]);
  const labels = lineLabels(line, number, navigator.language);
  return (
    <div class="final__line" title={labels.title} data-fallback={labels.fallback} data-language={labels.language}>
      {showTime && (
        <time class="final__time" dateTime={new Date(line.startedAt).toISOString()}>
          {labels.times}{' '}
        </time>
      )}
      <span
        ref={text}
        class="final__text"
        contentEditable="plaintext-only"
        role="textbox"
        aria-label={labels.ariaLabel}
        data-dropped={labels.dropped}
        spellcheck
        data-edited={line.edited ? 'true' : undefined}
        onInput={(event) => onEdit(event.currentTarget.textContent ?? '')}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault();
        }}
      />
    </div>
  );
}

/** The text of the newest line that appeared since the last render (never for lines of a transcript just opened). */
function useNewLineAnnouncement(transcriptId: string, lines: TranscriptLine[]): string {
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<{ id: string; keys: Set<string> }>({ id: '', keys: new Set() });
  useEffect(() => {
    const keys = new Set(lines.map(lineKey));
    const fresh = seen.current.id === transcriptId ? lines.filter((line) => !seen.current.keys.has(lineKey(line))) : [];
    seen.current = { id: transcriptId, keys };
    if (transcriptId === '' || fresh.length === 0) return;
    setAnnouncement(fresh.map((line) => line.text).join(' '));
  }, [transcriptId, lines]);
  return announcement;
}
