import { describe, expect, it } from 'vitest';
import { quietestFrame } from '../../src/inference-worker/streaming/split-point';

describe('quietestFrame', () => {
  it('prefers a frame the VAD calls non-speech, the quietest of them', () => {
    const probs = [0.9, 0.9, 0.2, 0.9, 0.1, 0.9, 0.9];
    const rms = [0.01, 0.02, 0.05, 0.3, 0.04, 0.2, 0.2];
    expect(quietestFrame(probs, rms, 0, 0.35)).toBe(4);
  });
  it('falls back to the lowest-energy frame when there is no pause', () => {
    expect(quietestFrame([0.9, 0.8, 0.9, 0.9, 0.9], [0.3, 0.1, 0.05, 0.2, 0.01], 0, 0.35)).toBe(2);
  });
  it('searches from the given frame on and never picks the last frame', () => {
    expect(quietestFrame([0.1, 0.9, 0.9, 0.9, 0.1], [0, 0.2, 0.1, 0.3, 0], 1, 0.35)).toBe(2);
  });
});
