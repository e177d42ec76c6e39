/**
 * A growable buffer of 16 kHz samples addressed by absolute sample position (since capture
 * start), that can forget everything before a position. Amortized O(1) append; memory is
 * bounded by what the caller still retains, not by the session length.
 */
export class SampleBuffer {
  private data = new Float32Array(16000 * 8);
  private start = 0; // absolute position of data[0]
  private length = 0;

  /** Absolute position of the oldest sample still held. */
  get startSample(): number {
    return this.start;
  }

  /** Number of samples held (what the buffer's memory is proportional to: 4 bytes each, plus growth slack). */
  get heldSamples(): number {
    return this.length;
  }

  /** Absolute position one past the last sample. */
  get endSample(): number {
    return this.start + this.length;
  }

  /** Appends samples at the end. */
  append(samples: Float32Array): void {
    if (this.length + samples.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, this.length + samples.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(samples, this.length);
    this.length += samples.length;
  }

  /**
   * Copy of the samples in [from, to) (absolute positions).
   * @throws RangeError when the range was already discarded or lies beyond the end.
   */
  slice(from: number, to: number): Float32Array {
    if (from < this.start || to > this.endSample || from > to) {
      throw new RangeError(`samples [${from}, ${to}) not in buffer [${this.start}, ${this.endSample})`);
    }
    return this.data.slice(from - this.start, to - this.start);
  }

  /** Forgets the samples before absolute position `sample` (no-op if already gone). */
  discardBefore(sample: number): void {
    const drop = Math.min(Math.max(0, sample - this.start), this.length);
    if (drop === 0) return;
    this.data.copyWithin(0, drop, this.length);
    this.start += drop;
    this.length -= drop;
  }

  /** Empties the buffer and restarts positions at 0. */
  reset(): void {
    this.start = 0;
    this.length = 0;
  }
}
