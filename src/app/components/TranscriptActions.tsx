import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecognizerState } from '../../inference-worker/protocol';
import { useCopyOnStop } from '../hooks/use-copy-on-stop';
import { downloadTranscript, exportFileName } from '../export/download';
import { EXPORT_FORMATS, exportTranscript, type ExportFormat } from '../export/formats';
import type { TranscriptDocument } from '../state/transcript';
import { CopyIcon, DownloadIcon, ShareIcon, TrashIcon } from './Icons';

interface TranscriptActionsProps {
  transcript: TranscriptDocument;
  /** The final transcript as plain text ('' when empty), edits included. */
  text: string;
  /** Clearing is not offered while capturing. */
  capturing: boolean;
  /** With `copyOnStop`, the transcript is copied when `state` is back to ready after capture ended. */
  state: RecognizerState;
  copyOnStop: boolean;
  onClear(): void;
}

type CopyResult = 'idle' | 'copied' | 'failed';

/** How long the "Copied" confirmation stays, ms. */
const FEEDBACK_MS = 2000;

/** Copy (to the clipboard, with feedback; also on Stop when chosen), Export (download or share) and Clear for the final transcript. */
export function TranscriptActions({ transcript, text, capturing, state, copyOnStop, onClear }: TranscriptActionsProps) {
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
  useCopyOnStop(copyOnStop, capturing, state, () => text !== '' && void copy());

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
      <ExportMenu transcript={transcript} disabled={text === ''} />
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

/** Downloads in each export format, and Share (Web Share API) where the browser has it. */
function ExportMenu({ transcript, disabled }: { transcript: TranscriptDocument; disabled: boolean }) {
  const [shareError, setShareError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');
  const share = async () => {
    const file = new File([exportTranscript(transcript, 'txt')], exportFileName(transcript, 'txt'), { type: EXPORT_FORMATS.txt.mime });
    const data: ShareData = navigator.canShare?.({ files: [file] }) ? { files: [file], title: file.name } : { text: exportTranscript(transcript, 'txt'), title: file.name };
    try {
      setShareError(null);
      await navigator.share(data);
      close();
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) setShareError(`Sharing failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <details class="menu" ref={menu}>
      <summary class={`button${disabled ? ' button--disabled' : ''}`} aria-disabled={disabled} onClick={(event) => disabled && event.preventDefault()}>
        <DownloadIcon />
        Export
      </summary>
      <div class="menu__list" role="group" aria-label="Export the transcript">
        {(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            class="menu__item"
            data-testid={`export-${format}`}
            onClick={() => {
              downloadTranscript(transcript, format);
              close();
            }}
          >
            {EXPORT_FORMATS[format].label} (.{format})
          </button>
        ))}
        {'share' in navigator && (
          <button type="button" class="menu__item" onClick={() => void share()}>
            <ShareIcon />
            Share…
          </button>
        )}
        {shareError && (
          <p class="actions__error" role="alert">
            {shareError}
          </p>
        )}
      </div>
    </details>
  );
}
