import type { ErrorCode } from '../../inference-worker/protocol';
import { errorTitle } from '../state/error-titles';
import { isFatal, isRetryable, type Alert } from '../state/status';

interface AlertsProps {
  alerts: Alert[];
  onDismiss(code: ErrorCode): void;
  /** Loads the model again; offered on load failures that may pass (network, storage). */
  onRetry(): void;
}

/** One role="alert" box per error: recoverable ones can be dismissed, load failures retried. */
export function Alerts({ alerts, onDismiss, onRetry }: AlertsProps) {
  if (alerts.length === 0) return null;
  return (
    <div class="alerts">
      {alerts.map((alert) => (
        <div key={alert.code} class="alert" role="alert" data-code={alert.code}>
          <div class="alert__body">
            <strong class="alert__title">{errorTitle(alert.code)}</strong>
            <p class="alert__message">{alert.message}</p>
          </div>
          {isRetryable(alert.code) && (
            <button type="button" class="button" onClick={onRetry}>
              Retry
            </button>
          )}
          {!isFatal(alert.code) && (
            <button type="button" class="alert__dismiss" aria-label="Dismiss" onClick={() => onDismiss(alert.code)}>
              ×
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
