import { useCallback, useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import { describeMissing, missingCapabilities } from '../engine/capabilities';
import { createRecognizerClient, type RecognizerClient } from '../engine/recognizer-client';
import { resolveModelOptions } from '../engine/resolve-model';
import { parseUrlOptions } from '../engine/url-options';
import { hasWebGpuAdapter } from '../engine/webgpu';
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
}

/**
 * Owns the app state and the recognizer client for the component's lifetime: checks browser
 * support, resolves the model from the URL, loads it, and exposes start/stop.
 */
export function useRecognizer(): Recognizer {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const level = useMemo(() => createValueStore(0), []);
  const client = useRef<RecognizerClient | null>(null);

  useEffect(() => {
    const missing = missingCapabilities();
    if (missing.length > 0) {
      dispatch({ type: 'error', code: 'unsupported-browser', message: describeMissing(missing) });
      dispatch({ type: 'state', state: 'error' });
      return;
    }
    const created = createRecognizerClient({
      onEvent: dispatch,
      onLevel: level.set,
      onCapture: (capturing) => dispatch({ type: 'capture', capturing }),
    });
    client.current = created;
    let disposed = false;
    void resolveModelOptions(parseUrlOptions(location.search), hasWebGpuAdapter).then((options) => {
      if (disposed) return;
      dispatch({ type: 'model-requested', options });
      return created.init(options);
    });
    return () => {
      disposed = true;
      client.current = null;
      created.dispose();
    };
  }, [level]);

  const start = useCallback(() => void client.current?.start(), []);
  const stop = useCallback(() => void client.current?.stop(), []);
  return { state, dispatch, level, start, stop };
}
