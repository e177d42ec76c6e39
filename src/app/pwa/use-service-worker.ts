import { useEffect, useRef, useState } from 'preact/hooks';
import { registerSW } from 'virtual:pwa-register';

export interface ServiceWorkerState {
  /** A new version is installed and waiting; it takes over only through `applyUpdate`. */
  updateReady: boolean;
  /** Activates the waiting version and reloads the page. Call only while not recording. */
  applyUpdate(): void;
}

/**
 * Registers the service worker (vite-plugin-pwa, `registerType: 'prompt'`): the first visit
 * precaches the app; a later version waits until the user reloads, so code is never swapped
 * under a running recording. No-op in development, where there is no service worker.
 */
export function useServiceWorker(): ServiceWorkerState {
  const [updateReady, setUpdateReady] = useState(false);
  const update = useRef<(reloadPage?: boolean) => Promise<void>>(null);
  useEffect(() => {
    update.current = registerSW({ onNeedRefresh: () => setUpdateReady(true) });
  }, []);
  return { updateReady, applyUpdate: () => void update.current?.(true) };
}
