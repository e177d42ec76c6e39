import { useEffect, useRef } from 'preact/hooks';

/** Elements where Space has its own meaning (typing, pressing a button) and must be left alone. */
const SPACE_CONSUMERS =
  'input, textarea, select, button, summary, [contenteditable]:not([contenteditable="false"]), [role="button"]';

export interface PushToTalkOptions {
  /** Whether dictation can start now. */
  enabled: boolean;
  /** Whether capture is already running (then Space does nothing: the click toggle owns it). */
  capturing: boolean;
  start(): void;
  stop(): void;
}

/**
 * Hold Space anywhere on the page (outside inputs and buttons) to dictate: keydown starts,
 * keyup (or the window losing focus) stops. Space's default page scroll is prevented.
 */
export function usePushToTalk(options: PushToTalkOptions): void {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    let held = false;
    const isSpace = (event: KeyboardEvent) => event.code === 'Space' || event.key === ' ';
    const release = () => {
      if (!held) return;
      held = false;
      latest.current.stop();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSpace(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof Element && event.target.closest(SPACE_CONSUMERS)) return;
      event.preventDefault();
      if (event.repeat || held) return;
      const { enabled, capturing, start } = latest.current;
      if (!enabled || capturing) return;
      held = true;
      start();
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (!isSpace(event) || !held) return;
      event.preventDefault();
      release();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', release);
    };
  }, []);
}
