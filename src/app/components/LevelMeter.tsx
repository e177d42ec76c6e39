import type { ReadonlySignal } from '@preact/signals';
import { rmsToDb, rmsToMeterFill } from '../audio/level-scale';

/** The microphone input level (linear RMS, a signal updated per 32 ms audio frame) as a bar on a dB scale. */
export function LevelMeter({ level }: { level: ReadonlySignal<number> }) {
  const rms = level.value;
  const fill = rmsToMeterFill(rms);
  const percent = Math.round(fill * 100);
  return (
    <div
      class="meter"
      role="meter"
      aria-label="Input level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={rms > 0 ? `${Math.round(rmsToDb(rms))} dB` : 'silent'}
    >
      <div class="meter__fill" style={{ clipPath: `inset(0 ${100 - fill * 100}% 0 0)` }} />
    </div>
  );
}
