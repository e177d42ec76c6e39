import { describe, expect, it } from 'vitest';
import { settingsFromOptions } from '../../bench/common';
import { DEFAULT_SETTINGS } from '../../src/inference-worker/streaming/settings';

describe('benchmark flags → streaming settings', () => {
  it('maps --no-draft, --no-early-final and --early-final-silence to the engine settings, the rest left at the defaults', () => {
    const settings = settingsFromOptions({ 'no-draft': true, 'no-early-final': true, 'early-final-silence': '250', interval: '1000' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, partialIntervalMs: 1000, draftVerification: false, earlyFinal: false, earlyFinalSilenceMs: 250 });
  });

  it('leaves the switches unset without their flags', () => {
    expect(settingsFromOptions({})).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a value that is not a positive number, naming the flag', () => {
    expect(() => settingsFromOptions({ 'early-final-silence': 'soon' })).toThrow('--early-final-silence must be a positive number, got soon');
  });
});
