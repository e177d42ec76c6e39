import { useEffect, useMemo, useState } from 'preact/hooks';
import { chooseDevice, detectWebGpu, type WebGpuProfile } from '../../inference-worker/webgpu';
import { useRecognizer } from '../hooks/use-recognizer';
import { usePushToTalk } from '../hooks/use-push-to-talk';
import { useTranscriptHistory } from '../hooks/use-transcript-history';
import { useModelLibrary } from '../models/use-model-library';
import { useInstallPrompt } from '../pwa/install-prompt';
import { useServiceWorker } from '../pwa/use-service-worker';
import { useModelOptions } from '../settings/use-model-options';
import { canDictate } from '../state/status';
import { Alerts } from './Alerts';
import { Header } from './Header';
import { HistoryPanel } from './HistoryPanel';
import { HistoryIcon, InstallIcon, SlidersIcon } from './Icons';
import { LevelMeter } from './LevelMeter';
import { ModelManager } from './ModelManager';
import { ModelProgress } from './ModelProgress';
import { RecordButton } from './RecordButton';
import { StateIndicator } from './StateIndicator';
import { Transcript } from './Transcript';
import { UpdateBanner } from './UpdateBanner';

/** The Sotto page. */
export function App() {
  const { settings, options, partials, notice, update } = useModelOptions();
  const decoding = settings?.decoding;
  const engineSettings = useMemo(() => (decoding ? { decoding, partials } : null), [decoding, partials]);
  const { state, dispatch, level, start, stop, retry } = useRecognizer(options, engineSettings);
  const { status, transcript } = state;
  const library = useModelLibrary();
  const { updateReady, applyUpdate } = useServiceWorker();
  const { canInstall, install } = useInstallPrompt();
  const history = useTranscriptHistory(transcript, dispatch);
  const [managerOpen, setManagerOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [gpu, setGpu] = useState<WebGpuProfile | null>(null);
  // Dictation starts only once the last transcript is back, so its sessions go on after its own.
  const enabled = canDictate(status) && history.restored;
  usePushToTalk({ enabled: enabled && !managerOpen && !historyOpen, capturing: status.capturing, start, stop });

  useEffect(() => {
    void detectWebGpu().then(setGpu);
  }, []);

  // Once a model is loaded it is stored: show it in the manager and ask the browser to keep it.
  const loadedModel = status.state === 'loading' || status.state === 'error' ? undefined : status.model?.modelId;
  const { refresh, persist } = library;
  useEffect(() => {
    if (!loadedModel) return;
    refresh();
    persist();
  }, [loadedModel, refresh, persist]);

  const active = options && {
    modelId: status.model?.modelId ?? options.modelId,
    device: status.model ? (status.model.device === 'webgpu' ? 'webgpu' : 'wasm') : chooseDevice(options.device, gpu),
    host: options.host,
  };

  return (
    <div class="shell">
      <Header requested={status.requested} model={status.model}>
        {canInstall && (
          <button type="button" class="button" onClick={install}>
            <InstallIcon />
            Install
          </button>
        )}
        <button type="button" class="button" onClick={() => setHistoryOpen(true)}>
          <HistoryIcon />
          History
        </button>
        <button type="button" class="button" onClick={() => setManagerOpen(true)}>
          <SlidersIcon />
          Models
        </button>
      </Header>
      <main class="main">
        {updateReady && <UpdateBanner capturing={status.capturing} onReload={applyUpdate} />}
        <section class="controls" aria-label="Dictation controls">
          <RecordButton
            capturing={status.capturing}
            disabled={!enabled}
            onToggle={status.capturing ? stop : start}
          />
          <div class="controls__status">
            <StateIndicator state={status.state} />
            <LevelMeter level={level} />
          </div>
          <p class="hint">
            Hold <kbd>Space</kbd> anywhere on the page to talk, or use the button to start and stop.
          </p>
        </section>
        {status.state === 'loading' && <ModelProgress progress={status.progress} />}
        {[notice, status.model?.note].map(
          (text) =>
            text && (
              <p key={text} class="note" role="status">
                {text}
              </p>
            ),
        )}
        <Alerts alerts={status.alerts} onDismiss={(code) => dispatch({ type: 'dismiss-alert', code })} onRetry={retry} />
        <Transcript
          transcript={transcript}
          capturing={status.capturing}
          state={status.state}
          onEdit={(line, text) => dispatch({ type: 'edit', line, text })}
          onClear={history.clear}
          cleared={history.cleared}
          onUndoClear={history.undoClear}
          saveError={history.saveError}
        />
      </main>
      <footer class="footer">
        Runs entirely in your browser. Your voice never leaves this device.
      </footer>
      {settings && (
        <ModelManager
          open={managerOpen}
          onClose={() => setManagerOpen(false)}
          library={library}
          settings={settings}
          partials={partials}
          onChange={update}
          active={active}
          gpu={gpu}
          capturing={status.capturing}
          measureHistory={history.measure}
          languages={status.model?.languages ?? null}
        />
      )}
      <HistoryPanel
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        history={history}
        currentId={transcript.id}
        capturing={status.capturing}
      />
    </div>
  );
}
