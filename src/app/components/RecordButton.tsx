import { MicIcon, StopIcon } from './Icons';

interface RecordButtonProps {
  capturing: boolean;
  disabled: boolean;
  onToggle(): void;
}

/** The Start/Stop dictation toggle. */
export function RecordButton({ capturing, disabled, onToggle }: RecordButtonProps) {
  return (
    <button
      type="button"
      class={`record${capturing ? ' record--on' : ''}`}
      disabled={disabled}
      onClick={onToggle}
    >
      {capturing ? <StopIcon /> : <MicIcon />}
      <span>{capturing ? 'Stop dictation' : 'Start dictation'}</span>
    </button>
  );
}
