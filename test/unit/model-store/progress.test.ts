import { describe, expect, it } from 'vitest';
import { createRateMeter, secondsLeft } from '../../../src/model-store/progress';
import { formatDuration } from '../../../src/format/duration';
import { formatRate } from '../../../src/format/bytes';

describe('download rate and time left', () => {
  it('measures bytes per second over a sliding window', () => {
    let now = 0;
    const meter = createRateMeter(1000, 200, () => now);
    expect(meter.rate()).toBe(0);
    meter.add(1000);
    now = 100;
    meter.add(1000);
    expect(meter.rate()).toBe(0); // less than 200 ms measured
    for (now = 200; now <= 2000; now += 100) meter.add(1000); // 10 kB/s
    now = 2000;
    expect(meter.rate()).toBeCloseTo(10_000, -2);
    now = 3000; // a stall: the rate decays
    expect(meter.rate()).toBeLessThan(6000);
  });

  it('turns remaining bytes and a rate into time left', () => {
    expect(secondsLeft(5_000_000, 1_000_000)).toBe(5);
    expect(secondsLeft(-10, 1_000_000)).toBe(0);
    expect(secondsLeft(5_000_000, 0)).toBeNull();
  });

  it('formats rates and durations for people', () => {
    expect(formatRate(12_400_000)).toBe('12.4 MB/s');
    expect(formatDuration(0.2)).toBe('under 1 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(7800)).toBe('2 h 10 min');
    expect(formatDuration(3599.7)).toBe('1 h');
  });
});
