import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ModelOptions } from '../../inference-worker/api';
import { detectWebGpu } from '../../inference-worker/webgpu';
import { normalizeHost } from '../../model-store/model-host';
import { resolveModelOptions } from '../engine/resolve-model';
import { parseUrlOptions, URL_PARAMS, type UrlModelRequest } from '../engine/url-options';
import { loadSettings, saveSettings, type Settings } from './settings';

export interface ModelOptionsState {
  /** Saved settings; null until read from IndexedDB. */
  settings: Settings | null;
  /** What to load: URL parameters over saved settings over defaults; null until resolved. */
  options: ModelOptions | null;
  /** Whether partials are shown: the URL's `?partials=` over the saved setting. */
  partials: boolean;
  /** Why a URL parameter was ignored, for the user; null when none was. */
  notice: string | null;
  /** Saves changed settings; a URL parameter for a changed setting stops overriding it (and leaves the address bar). */
  update(patch: Partial<Settings>): void;
}

/**
 * Reads the saved settings and the page URL's overrides, and resolves what the recognizer
 * loads. Options change (and the model reloads) only when model, device or host change.
 */
export function useModelOptions(): ModelOptionsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [overrides, setOverrides] = useState<UrlModelRequest>(() => parseUrlOptions(location.search));
  const [resolved, setResolved] = useState<ModelOptions | null>(null);

  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);

  const { host, notice } = useMemo(() => chooseHost(overrides.host, settings), [overrides.host, settings]);
  const modelId = overrides.modelId ?? settings?.modelId ?? undefined;
  const device = overrides.device ?? settings?.device ?? undefined;

  useEffect(() => {
    if (!host) return;
    let stale = false;
    void resolveModelOptions({ modelId, device, host }, detectWebGpu).then((next) => {
      if (!stale) setResolved((current) => (current && sameOptions(current, next) ? current : next));
    });
    return () => {
      stale = true;
    };
  }, [modelId, device, host]);

  const update = useCallback((patch: Partial<Settings>) => {
    setSettings((current) => {
      if (!current) return current;
      const next = { ...current, ...patch };
      void saveSettings(next);
      return next;
    });
    const keys = (Object.keys(patch) as (keyof Settings)[]).filter((key): key is keyof typeof URL_PARAMS => key in URL_PARAMS);
    setOverrides((current) => {
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
    const url = new URL(location.href);
    for (const key of keys) url.searchParams.delete(URL_PARAMS[key]);
    history.replaceState(history.state, '', url);
  }, []);

  return { settings, options: host ? resolved : null, partials: overrides.partials ?? settings?.partials ?? true, notice, update };
}

/** The normalized host: the URL's when valid, else the saved one; null until settings load. */
function chooseHost(urlHost: string | undefined, settings: Settings | null): { host: string | null; notice: string | null } {
  if (!settings) return { host: null, notice: null };
  const saved = normalizeHost(settings.host, location.href);
  if (!urlHost) return { host: saved, notice: null };
  try {
    return { host: normalizeHost(urlHost, location.href), notice: null };
  } catch (error) {
    return { host: saved, notice: `The model host in the address was ignored: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function sameOptions(a: ModelOptions, b: ModelOptions): boolean {
  return a.modelId === b.modelId && a.device === b.device && a.host === b.host;
}
