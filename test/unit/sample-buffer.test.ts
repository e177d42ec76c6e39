import { describe, expect, it } from 'vitest';
import { SampleBuffer } from '../../src/inference-worker/streaming/sample-buffer';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('SampleBuffer', () => {
  it('addresses samples by absolute position across growth and discards', () => {
    const b = new SampleBuffer();
    for (let i = 0; i < 400; i++) b.append(ramp(i * 512, 512)); // grows past its initial 8 s
    expect(b.endSample).toBe(400 * 512);
    expect(Array.from(b.slice(1000, 1003))).toEqual([1000, 1001, 1002]);
    b.discardBefore(150_000);
    expect(b.startSample).toBe(150_000);
    expect(b.heldSamples).toBe(400 * 512 - 150_000);
    expect(Array.from(b.slice(150_000, 150_002))).toEqual([150_000, 150_001]);
    expect(() => b.slice(149_999, 150_001)).toThrow(RangeError);
    expect(() => b.slice(0, b.endSample + 1)).toThrow(RangeError);
    b.discardBefore(10); // already gone: no-op
    expect(b.endSample).toBe(400 * 512);
  });

  it('restarts at position 0 after reset', () => {
    const b = new SampleBuffer();
    b.append(ramp(5, 10));
    b.reset();
    b.append(ramp(7, 3));
    expect(b.endSample).toBe(3);
    expect(Array.from(b.slice(0, 3))).toEqual([7, 8, 9]);
  });
});
