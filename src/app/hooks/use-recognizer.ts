import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { ModelOptions } from '../../inference-worker/api';
import { describeMissing, missingCapabilities } from '../engine/capabilities';
import { createRecognizerClient, type RecognizerClient } from '../engine/recognizer-client';
import type { AppAction } from '../state/actions';
import { appReducer, INITIAL_APP_STATE, type AppState } from '../state/app-state';
import { createValueStore, type ValueStore } from '../state/value-store';

export interface Recognizer {
  state: AppState;
  dispatch: (action: AppAction) => void;
  /** Input level (linear RMS), updated per audio frame outside the reducer. */
  level: ValueStore<number>;
  start(): void;
  stop(): void;
  /** Loads the model again with a fresh engine (after a failed download or load). */
  retry(): void;
}

/**
 * Owns the app state and the recognizer client: checks browser support, then loads `options`
 * (null: not known yet) in a fresh engine whenever they change or `retry` is called, and
 * exposes start/stop.
 */
export function useRecognizer(options: ModelOptions | null): Recognizer {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const level = useMemo(() => createValueStore(0), []);
  const client = useRef<RecognizerClient | null>(null);
  const [attempt, setAttempt] = useState(0);
  const missing = useMemo(missingCapabilities, []);

  useEffect(() => {
    if (missing.length === 0) return;
    dispatch({ type: 'error', code: 'unsupported-browser', message: describeMissing(missing) });
    dispatch({ type: 'state', state: 'error' });
  }, [missing]);

  useEffect(() => {
    if (missing.length > 0 || !options) return;
    dispatch({ type: 'reload' });
    dispatch({ type: 'model-requested', options });
    const created = createRecognizerClient({
      onEvent: dispatch,
      onLevel: level.set,
      onCapture: (capturing) => dispatch({ type: 'capture', capturing }),
    });
    client.current = created;
    void created.init(options);
    return () => {
      client.current = null;
      created.dispose();
    };
  }, [missing, options, attempt, level]);

  const start = useCallback(() => void client.current?.start(), []);
  const stop = useCallback(() => void client.current?.stop(), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, dispatch, level, start, stop, retry };
}
