import { describe, expect, it } from 'vitest';
import { INITIAL_TRANSCRIPT, newTranscript, transcriptReducer, transcriptText } from '../../../src/app/state/transcript';
import { toMicrophoneError } from '../../../src/app/audio/microphone';
import { parseUrlOptions } from '../../../src/app/engine/url-options';
import { resolveModelOptions } from '../../../src/app/engine/resolve-model';
import { rmsToMeterFill } from '../../../src/app/audio/level-scale';
import { formatBytes } from '../../../src/format/bytes';

const run = (actions: any[]) => actions.reduce(transcriptReducer, INITIAL_TRANSCRIPT);
const p = (id: number, stable: string, unstable = '') => ({ type: 'partial', utteranceId: id, stable, unstable, audioTime: 0, decodeMs: 0 });
const f = (id: number, text: string) => ({ type: 'final', utteranceId: id, text, start: 0, end: 0, decodeMs: 0 });
const cap = { type: 'capture', capturing: true, at: 0 };

describe('transcript', () => {
  it('basic', () => {
    const s = run([cap, p(0, 'hello', 'wor'), p(0, 'hello world', ''), f(0, ' Hello world.'), p(1, '', 'how'), f(1, 'How are you?')]);
    expect(transcriptText(s)).toBe('Hello world.\nHow are you?');
    expect(s.partial).toBeNull();
  });
  it('final out of order with later partial', () => {
    const s = run([cap, p(0, 'a'), p(1, 'b'), f(0, 'A.')]);
    expect(transcriptText(s)).toBe('A.'); expect(s.partial?.stable).toBe('b');
    const s2 = transcriptReducer(s, f(1, 'B.') as any);
    expect(transcriptText(s2)).toBe('A.\nB.');
  });
  it('late partial ignored; partial kept on ready', () => {
    const s = run([cap, p(0, 'a'), f(0, 'A.'), p(0, 'zzz'), p(1, 'b', 'c'), { type: 'state', state: 'ready' }]);
    expect(transcriptText(s)).toBe('A.\nb c');
  });
  it('sessions restart ids', () => {
    const s = run([cap, f(0, 'one'), { type: 'capture', capturing: false }, cap, f(0, 'two'), { type: 'open', transcript: newTranscript(0) }, cap, f(0, 'three')]);
    expect(transcriptText(s)).toBe('three');
  });
  it('final after promoted partial replaces in place', () => {
    const s = run([cap, p(0, 'a'), { type: 'state', state: 'error' }, f(0, 'A!'), f(1, 'B')]);
    expect(transcriptText(s)).toBe('A!\nB');
  });
});
describe('misc', () => {
  it('mic errors', () => {
    expect(toMicrophoneError(new DOMException('x', 'NotAllowedError')).code).toBe('mic-denied');
    expect(toMicrophoneError(new DOMException('x', 'NotFoundError')).code).toBe('mic-unavailable');
    expect(toMicrophoneError(new DOMException('x', 'NotReadableError')).code).toBe('mic-unavailable');
  });
  it('url + model', async () => {
    expect(parseUrlOptions('?model=Xenova/whisper-tiny.en&device=wasm&host=/models/{model}/&partials=off')).toEqual({ modelId: 'Xenova/whisper-tiny.en', device: 'wasm', host: '/models/{model}/', partials: false });
    expect(parseUrlOptions('?partials=on').partials).toBe(true);
    expect(parseUrlOptions('?device=foo&partials=maybe')).toEqual({ modelId: undefined, device: undefined, host: undefined, partials: undefined });
    const host = 'https://huggingface.co/{model}/resolve/{revision}/';
    expect(await resolveModelOptions({ host }, async () => ({ shaderF16: true, fallbackAdapter: false, name: 'a GPU' }))).toEqual({ modelId: 'onnx-community/whisper-large-v3-turbo', device: undefined, host });
    expect(await resolveModelOptions({ host }, async () => null)).toEqual({ modelId: 'onnx-community/whisper-base', device: undefined, host });
    expect(await resolveModelOptions({ device: 'wasm', host }, async () => { throw new Error('no'); })).toEqual({ modelId: 'onnx-community/whisper-base', device: 'wasm', host });
    expect(await resolveModelOptions({ modelId: 'Xenova/whisper-tiny.en', host }, async () => null)).toEqual({ modelId: 'Xenova/whisper-tiny.en', device: undefined, host });
  });
  it('meter + bytes', () => {
    expect(rmsToMeterFill(0)).toBe(0); expect(rmsToMeterFill(1)).toBe(1); expect(rmsToMeterFill(0.001)).toBeCloseTo(0);
    expect(rmsToMeterFill(0.0316)).toBeCloseTo(0.5, 1);
    expect(formatBytes(41_200_000)).toBe('41.2 MB'); expect(formatBytes(512)).toBe('512 B'); expect(formatBytes(151_000_000)).toBe('151 MB');
  });
});
