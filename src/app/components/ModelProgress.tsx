import { formatBytes, formatRate } from '../../format/bytes';
import { formatDuration } from '../../format/duration';
import type { DownloadProgress } from '../../model-store/progress';

interface ModelProgressProps {
  /** The download in progress; null while nothing is being downloaded (loading from storage, warming up). */
  progress: DownloadProgress | null;
  /** Heading shown when nothing is downloading. */
  idleLabel?: string;
}

/**
 * Model download progress: bytes, total, percent, rate and time left for the whole model and
 * for the file being fetched; indeterminate while nothing downloads.
 */
export function ModelProgress({ progress, idleLabel = 'Loading the speech model' }: ModelProgressProps) {
  const downloading = progress !== null && progress.total > 0 && progress.loaded < progress.total;
  const percent = downloading ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : undefined;
  const detail = downloading ? `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} · ${percent}%` : 'Preparing…';
  return (
    <section class="progress" aria-label="Model loading" data-testid="model-progress">
      <div class="progress__text">
        <span class="progress__label">{downloading ? `Downloading ${progress.modelId}` : idleLabel}</span>
        <span class="progress__detail">{detail}</span>
      </div>
      <div
        class={`progress__track${downloading ? '' : ' progress__track--indeterminate'}`}
        role="progressbar"
        aria-label={downloading ? 'Model download' : idleLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail}
      >
        <div class="progress__fill" style={downloading ? { transform: `scaleX(${percent! / 100})` } : undefined} />
      </div>
      {downloading && (
        <p class="progress__file">
          <span>{rateAndTime(progress.bytesPerSecond, progress.secondsLeft)}</span>
          <span>
            {progress.file}: {formatBytes(progress.fileLoaded)} of {formatBytes(progress.fileTotal)}
            {progress.fileSecondsLeft !== null && ` · ${formatDuration(progress.fileSecondsLeft)} left`}
          </span>
        </p>
      )}
    </section>
  );
}

function rateAndTime(bytesPerSecond: number, secondsLeft: number | null): string {
  if (bytesPerSecond <= 0 || secondsLeft === null) return 'Measuring speed…';
  return `${formatRate(bytesPerSecond)} · ${formatDuration(secondsLeft)} left`;
}
