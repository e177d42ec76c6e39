import { useEffect, useRef } from 'preact/hooks';
import type { RecognizerState } from '../../inference-worker/protocol';

/**
 * Calls `copy` once dictation has stopped and its last final landed (capture ended, then the
 * recognizer state is back to `ready`), when `enabled` at the moment capture ended (the "Copy
 * the transcript when dictation stops" preference, Handy's habit).
 */
export function useCopyOnStop(enabled: boolean, capturing: boolean, state: RecognizerState, copy: () => void): void {
  const awaiting = useRef(false);
  const wasCapturing = useRef(capturing);
  const latestCopy = useRef(copy);
  latestCopy.current = copy;

  useEffect(() => {
    if (wasCapturing.current && !capturing) awaiting.current = enabled;
    wasCapturing.current = capturing;
    if (!awaiting.current || capturing || state !== 'ready') return;
    awaiting.current = false;
    latestCopy.current();
  }, [enabled, capturing, state]);
}
