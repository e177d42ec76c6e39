import { useRecognizer } from '../hooks/use-recognizer';
import { usePushToTalk } from '../hooks/use-push-to-talk';
import { canDictate } from '../state/status';
import { Alerts } from './Alerts';
import { Header } from './Header';
import { LevelMeter } from './LevelMeter';
import { ModelProgress } from './ModelProgress';
import { RecordButton } from './RecordButton';
import { StateIndicator } from './StateIndicator';
import { Transcript } from './Transcript';

/** The Sotto page. */
export function App() {
  const { state, dispatch, level, start, stop } = useRecognizer();
  const { status, transcript } = state;
  const enabled = canDictate(status);
  usePushToTalk({ enabled, capturing: status.capturing, start, stop });

  return (
    <div class="shell">
      <Header requested={status.requested} model={status.model} />
      <main class="main">
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
        {status.model?.note && (
          <p class="note" role="status">
            {status.model.note}
          </p>
        )}
        <Alerts alerts={status.alerts} onDismiss={(code) => dispatch({ type: 'dismiss-alert', code })} />
        <Transcript transcript={transcript} capturing={status.capturing} onClear={() => dispatch({ type: 'clear' })} />
      </main>
      <footer class="footer">
        Runs entirely in your browser. Your voice never leaves this device.
      </footer>
    </div>
  );
}
