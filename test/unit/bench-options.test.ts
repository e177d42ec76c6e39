import { describe, expect, it } from 'vitest';
import { settingsFromOptions } from '../../bench/common';
import { checkRuntimeFlags } from '../../bench/runtime';
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

describe('benchmark flags → runtime', () => {
  it('refuses, before anything loads, a flag the runtime has no use for, naming it', () => {
    expect(() => checkRuntimeFlags({ runtime: 'chromium', 'no-guards': true })).toThrow('--no-guards applies to --runtime node only');
    expect(() => checkRuntimeFlags({ runtime: 'chromium', dtype: 'q8' })).toThrow('--dtype applies to --runtime node');
    expect(() => checkRuntimeFlags({ runtime: 'node', 'decoder-dtype': 'q8' })).toThrow('--decoder-dtype apply to --runtime chromium only');
    expect(() => checkRuntimeFlags({ runtime: 'node', 'no-guards': true, dtype: 'q8' })).not.toThrow();
    expect(() => checkRuntimeFlags({ runtime: 'chromium', 'decoder-dtype': 'q8' })).not.toThrow();
  });
});
