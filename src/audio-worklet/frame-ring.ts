import { FRAME_SAMPLES, SAMPLE_RATE } from '../shared/audio-format';

/**
 * Seconds of captured audio kept for a restarted inference worker: two Whisper windows (an
 * open utterance of up to 30 s plus finals queued behind it, and the seconds a restart takes).
 */
export const RING_SECONDS = 60;

/**
 * The last {@link RING_SECONDS} s of one capture stream's 16 kHz frames, numbered from 0, and
 * how far the inference worker has acknowledged them: what a restarted worker must hear again.
 * Memory: one Float32Array of `ceil(60 × 16000 / 512)` = 1875 frames (3.7 MiB), allocated
 * once; `push` copies into it and allocates nothing.
 */
export class FrameRing {
  /** Capacity, frames. */
  readonly capacity: number;
  private readonly samples: Float32Array;
  private next = 0;
  private acked = 0;

  constructor(seconds = RING_SECONDS) {
    this.capacity = Math.ceil((seconds * SAMPLE_RATE) / FRAME_SAMPLES);
    this.samples = new Float32Array(this.capacity * FRAME_SAMPLES);
  }

  /** The index the next pushed frame gets (= frames pushed since the last reset). */
  get nextIndex(): number {
    return this.next;
  }

  /** Starts a new stream: indices from 0, nothing acknowledged. */
  reset(): void {
    this.next = 0;
    this.acked = 0;
  }

  /**
   * Keeps a copy of `frame` ({@link FRAME_SAMPLES} samples) and returns its index.
   * @throws RangeError for a frame of another length.
   */
  push(frame: Float32Array): number {
    if (frame.length !== FRAME_SAMPLES) throw new RangeError(`expected ${FRAME_SAMPLES}-sample frames, got ${frame.length}`);
    const index = this.next++;
    this.samples.set(frame, (index % this.capacity) * FRAME_SAMPLES);
    return index;
  }

  /** Frames before `index` are no longer needed. Never moves back, nor past the frames pushed. */
  acknowledge(index: number): void {
    this.acked = Math.max(this.acked, Math.min(index, this.next));
  }

  /**
   * What a restarted worker must hear again: the unacknowledged frames the ring still holds,
   * oldest first (fresh copies, each {@link FRAME_SAMPLES} long, safe to transfer), and how
   * many unacknowledged frames were already overwritten.
   */
  unacknowledged(): { fromIndex: number; lostFrames: number; frames: Float32Array[] } {
    const fromIndex = Math.max(this.acked, this.next - this.capacity);
    const frames: Float32Array[] = [];
    for (let index = fromIndex; index < this.next; index++) {
      const slot = (index % this.capacity) * FRAME_SAMPLES;
      frames.push(this.samples.slice(slot, slot + FRAME_SAMPLES));
    }
    return { fromIndex, lostFrames: fromIndex - this.acked, frames };
  }
}
