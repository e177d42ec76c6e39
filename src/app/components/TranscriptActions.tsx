import { useEffect, useState } from 'preact/hooks';
import { CopyIcon, TrashIcon } from './Icons';

interface TranscriptActionsProps {
  /** The final transcript as plain text ('' when empty). */
  text: string;
  /** Clearing is not offered while capturing. */
  capturing: boolean;
  onClear(): void;
}

type CopyResult = 'idle' | 'copied' | 'failed';

/** How long the "Copied" confirmation stays, ms. */
const FEEDBACK_MS = 2000;

/** Copy (to the clipboard, with feedback) and Clear buttons for the final transcript. */
export function TranscriptActions({ text, capturing, onClear }: TranscriptActionsProps) {
  const [result, setResult] = useState<CopyResult>('idle');

  useEffect(() => {
    if (result !== 'copied') return;
    const timer = setTimeout(() => setResult('idle'), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [result]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  };

  return (
    <div class="actions">
      {result === 'copied' && (
        <span class="actions__feedback" role="status">
          Copied
        </span>
      )}
      <button type="button" class="button" data-testid="copy" disabled={text === ''} onClick={copy}>
        <CopyIcon />
        Copy
      </button>
      <button
        type="button"
        class="button button--quiet"
        disabled={text === '' || capturing}
        onClick={() => {
          setResult('idle');
          onClear();
        }}
      >
        <TrashIcon />
        Clear
      </button>
      {result === 'failed' && (
        <p class="actions__error" role="alert">
          The browser refused clipboard access. Select the transcript and copy it by hand.
        </p>
      )}
    </div>
  );
}
