import type { ProgressEvent } from '../../inference-worker/protocol';
import { formatBytes } from '../format/bytes';

interface ModelProgressProps {
  progress: ProgressEvent | null;
}

/** Download progress of the model files (bytes and percent); indeterminate until sizes are known. */
export function ModelProgress({ progress }: ModelProgressProps) {
  const known = progress !== null && progress.totalBytes > 0;
  const percent = known ? Math.min(100, Math.round(progress.percent)) : undefined;
  const downloading = known && (percent ?? 0) < 100;
  const label = downloading ? 'Downloading the speech model' : 'Preparing the speech model';
  const detail = known
    ? `${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)} · ${percent}%`
    : 'Starting…';
  return (
    <section class="progress" aria-label="Model loading">
      <div class="progress__text">
        <span id="progress-label">{label}</span>
        <span class="progress__detail">{detail}</span>
      </div>
      <div
        class={`progress__track${known ? '' : ' progress__track--indeterminate'}`}
        role="progressbar"
        aria-labelledby="progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail}
      >
        <div class="progress__fill" style={known ? { transform: `scaleX(${(percent ?? 0) / 100})` } : undefined} />
      </div>
      {downloading && progress.file && <p class="progress__file">{progress.file}</p>}
    </section>
  );
}
