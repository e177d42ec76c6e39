import type { ErrorCode } from '../../inference-worker/protocol';
import { errorTitle } from '../state/error-titles';
import { isFatal, type Alert } from '../state/status';

interface AlertsProps {
  alerts: Alert[];
  onDismiss(code: ErrorCode): void;
}

/** One role="alert" box per error; recoverable ones can be dismissed. */
export function Alerts({ alerts, onDismiss }: AlertsProps) {
  if (alerts.length === 0) return null;
  return (
    <div class="alerts">
      {alerts.map((alert) => (
        <div key={alert.code} class="alert" role="alert" data-code={alert.code}>
          <div class="alert__body">
            <strong class="alert__title">{errorTitle(alert.code)}</strong>
            <p class="alert__message">{alert.message}</p>
          </div>
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
