/** Where a model download stands, for the UI. All byte counts are bytes; the rate is bytes per second. */
export interface DownloadProgress {
  modelId: string;
  /** The file being fetched (path in the model repository). */
  file: string;
  fileLoaded: number;
  fileTotal: number;
  /** Bytes of the model's files present so far (already stored ones included) and in all. */
  loaded: number;
  total: number;
  /** Recent download rate; 0 until measured. */
  bytesPerSecond: number;
  /** Seconds left for the file and for the model at the recent rate; null until a rate is known. */
  fileSecondsLeft: number | null;
  secondsLeft: number | null;
}

/** A download rate over a sliding time window. */
export interface RateMeter {
  /** Records `bytes` received now. */
  add(bytes: number): void;
  /** Bytes per second over the window; 0 until the window holds at least `minSpanMs`. */
  rate(): number;
}

/**
 * Creates a {@link RateMeter} averaging over the last `windowMs` milliseconds of samples.
 * @param now clock in milliseconds (injectable for tests)
 */
export function createRateMeter(windowMs = 3000, minSpanMs = 250, now: () => number = () => performance.now()): RateMeter {
  const samples: { time: number; bytes: number }[] = [];
  let sum = 0;
  return {
    add(bytes) {
      const time = now();
      samples.push({ time, bytes });
      sum += bytes;
      while (samples.length > 1 && time - samples[0]!.time > windowMs) sum -= samples.shift()!.bytes;
    },
    rate() {
      if (samples.length < 2) return 0;
      // The first sample's bytes arrived before the window's start: they are not counted.
      const span = now() - samples[0]!.time;
      return span >= minSpanMs ? ((sum - samples[0]!.bytes) * 1000) / span : 0;
    },
  };
}

/** Seconds to fetch `remaining` bytes at `bytesPerSecond`, or null when no rate is known. */
export function secondsLeft(remaining: number, bytesPerSecond: number): number | null {
  return bytesPerSecond > 0 ? Math.max(0, remaining) / bytesPerSecond : null;
}
