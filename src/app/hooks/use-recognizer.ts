import { useSignal, type ReadonlySignal } from '@preact/signals';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { ModelOptions } from '../../inference-worker/api';
import { describeMissing, missingCapabilities } from '../engine/capabilities';
import { createRecognizerClient, type RecognizerClient } from '../engine/recognizer-client';
import type { AppAction } from '../state/actions';
import { appReducer, INITIAL_APP_STATE, type AppState } from '../state/app-state';
import type { DecodingSettings } from '../../inference-worker/asr/decoding-settings';

export interface Recognizer {
  state: AppState;
  dispatch: (action: AppAction) => void;
  /** Input level (linear RMS), updated per 32 ms audio frame outside the reducer. */
  level: ReadonlySignal<number>;
  start(): void;
  stop(): void;
  /** Loads the model again with a fresh engine (after a failed download or load). */
  retry(): void;
}

/**
 * Owns the app state and the recognizer client: checks browser support, then loads `options`
 * (null: not known yet) in a fresh engine whenever they change or `retry` is called, and
 * exposes start/stop. `decoding` (null: not known yet) goes to each engine once it has loaded,
 * and again whenever it changes.
 */
export function useRecognizer(options: ModelOptions | null, decoding: DecodingSettings | null): Recognizer {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const level = useSignal(0);
  const client = useRef<RecognizerClient | null>(null);
  const [attempt, setAttempt] = useState(0);
  const missing = useMemo(missingCapabilities, []);
  const latestDecoding = useRef(decoding);
  latestDecoding.current = decoding;

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
      onLevel: (rms) => (level.value = rms),
      onCapture: (capturing) => dispatch({ type: 'capture', capturing, at: Date.now() }),
    });
    client.current = created;
    void created.init(options).then(() => {
      if (client.current === created && latestDecoding.current) created.updateSettings({ decoding: latestDecoding.current });
    });
    return () => {
      client.current = null;
      created.dispose();
    };
  }, [missing, options, attempt, level]);

  useEffect(() => {
    if (decoding) client.current?.updateSettings({ decoding });
  }, [decoding]);

  const start = useCallback(() => void client.current?.start(), []);
  const stop = useCallback(() => void client.current?.stop(), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, dispatch, level, start, stop, retry };
}
