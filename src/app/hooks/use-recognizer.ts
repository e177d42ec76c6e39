import { useSignal, type ReadonlySignal } from '@preact/signals';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { ModelOptions } from '../../inference-worker/api';
import { describeMissing, missingCapabilities } from '../engine/capabilities';
import { createRecognizerClient, type RecognizerClient } from '../engine/recognizer-client';
import type { AppAction } from '../state/actions';
import { appReducer, INITIAL_APP_STATE, type AppState } from '../state/app-state';
import type { StreamingSettings } from '../../inference-worker/streaming/settings';

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

/** The engine settings the app's own settings choose: the Language section's decoding, and whether partials are decoded. */
export type AppEngineSettings = Pick<StreamingSettings, 'decoding' | 'partials'>;

/**
 * Owns the app state and the recognizer client: checks browser support, then loads `options`
 * (null: not known yet) in a fresh engine whenever they change or `retry` is called, and
 * exposes start/stop. `engineSettings` (null: not known yet) go to each engine once it has
 * loaded, and again whenever they change.
 */
export function useRecognizer(options: ModelOptions | null, engineSettings: AppEngineSettings | null): Recognizer {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const level = useSignal(0);
  const client = useRef<RecognizerClient | null>(null);
  const [attempt, setAttempt] = useState(0);
  const missing = useMemo(missingCapabilities, []);
  const latestSettings = useRef(engineSettings);
  latestSettings.current = engineSettings;

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
      if (client.current === created && latestSettings.current) created.updateSettings(latestSettings.current);
    });
    return () => {
      client.current = null;
      created.dispose();
    };
  }, [missing, options, attempt, level]);

  useEffect(() => {
    if (engineSettings) client.current?.updateSettings(engineSettings);
  }, [engineSettings]);

  const start = useCallback(() => void client.current?.start(), []);
  const stop = useCallback(() => void client.current?.stop(), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, dispatch, level, start, stop, retry };
}
