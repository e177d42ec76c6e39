import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DecoderSupervisor,
  DecoderUnavailableError,
  MAX_FAILURES_IN_A_ROW,
  type DecoderDeath,
  type DecoderEndpoint,
  type DecodeTimeoutRule,
  type StartDecoder,
} from '../../src/inference-worker/decoder-supervisor';
import type { Transcriber, Transcription } from '../../src/inference-worker/asr/transcriber';
import type { Device } from '../../src/inference-worker/asr/model-catalog';
import type { ModelOptions } from '../../src/inference-worker/api';
import type { EngineEvent, ErrorEvent, FinalEvent, ModelEvent } from '../../src/inference-worker/protocol';
import { StreamingEngine } from '../../src/inference-worker/streaming/streaming-engine';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../../src/inference-worker/vad/speech-segmenter';
import type { SpeechProbabilityModel } from '../../src/inference-worker/vad/speech-probability';
import { loadAudio16k } from '../../src/audio-file/read-wav-file';
import { loadNodeVad, loadNodeWhisper } from '../../src/node/node-recognizer';
import { wordErrorRate } from '../../src/evaluation/wer';
import { readManifest, sharedAudio } from '../support/shared-data';

/**
 * The decoder supervisor against decoder doubles that crash, hang, lose their GPU or fail to
 * load: a real decoder worker cannot run in Node. The fault is the subject; the real decode
 * path in the browser is covered by e2e/faults.spec.ts. The last tests put a double around
 * the real whisper-tiny.en under the real streaming engine and VAD on real speech.
 */

const TINY = 'Xenova/whisper-tiny.en';
const TURBO = 'onnx-community/whisper-large-v3-turbo';
const HOST = 'http://localhost/models/{model}/';

/** What a double decoder does with one decode. */
type Behaviour = 'answer' | 'hang' | 'crash' | 'throw';

/** A decoder double: decodes with `decode`, or hangs, crashes or throws as scripted per start. */
class DoubleDecoders {
  readonly starts: ModelOptions[] = [];
  readonly ended: number[] = [];
  /** Per started decoder (by start order): the behaviour of each of its decodes, then 'answer'. */
  readonly scripts: Behaviour[][] = [];
  /** Starts (by order) whose load fails. */
  readonly failingLoads = new Set<number>();
  readonly deaths: ((death: DecoderDeath) => void)[] = [];
  /** The load's warm-up decode time each started decoder reports, ms. */
  warmUpMs = 100;

  constructor(private readonly decode: (audio: Float32Array, by: ModelOptions) => Promise<Transcription> = fakeDecode) {}

  start: StartDecoder = async (model, onDeath) => {
    const index = this.starts.length;
    this.starts.push(model);
    this.deaths.push(onDeath);
    if (this.failingLoads.has(index)) throw new Error(`load ${index} failed`);
    const script = [...(this.scripts[index] ?? [])];
    const endpoint: DecoderEndpoint = {
      loaded: { modelId: model.modelId, device: model.device ?? 'wasm', dtype: 'q8', warmUpMs: this.warmUpMs },
      transcribe: (audio) => {
        const behaviour = script.shift() ?? 'answer';
        if (behaviour === 'hang') return new Promise(() => {});
        if (behaviour === 'throw') return Promise.reject(new Error('inference failed'));
        if (behaviour === 'crash') {
          onDeath({ kind: 'crashed', reason: 'it crashed: RuntimeError: unreachable' });
          return new Promise(() => {});
        }
        return this.decode(audio, model);
      },
      terminate: () => this.ended.push(index),
    };
    return endpoint;
  };
}

/** A stand-in decode saying what decoded how much; the supervisor reads none of the decode statistics. */
function fakeDecode(audio: Float32Array, by: ModelOptions): Promise<Transcription> {
  const text = `${audio.length} samples by ${by.modelId} on ${by.device}`;
  return Promise.resolve({ text, segments: [{ start: 0, end: audio.length / SAMPLE_RATE, text }], decodeMs: 1 } as Transcription);
}

function supervise(decoders: DoubleDecoders, model: { modelId: string; device: Device }, timeout: DecodeTimeoutRule = { factor: 5, minMs: 1_000, maxMs: 600_000 }) {
  const events: EngineEvent[] = [];
  const started = DecoderSupervisor.start({ model: { ...model, host: HOST }, startDecoder: decoders.start, onEvent: (e) => events.push(e), timeout });
  return { started, events };
}

const errors = (events: EngineEvent[]) => events.filter((e): e is ErrorEvent => e.type === 'error');
const models = (events: EngineEvent[]) => events.filter((e): e is ModelEvent => e.type === 'model');
const second = new Float32Array(SAMPLE_RATE);

describe('DecoderSupervisor', () => {
  afterEach(() => vi.useRealTimers());

  it('retries the decode of a decoder that crashed on a restarted one with the same model and device, and says so', async () => {
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['crash'];
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'webgpu' });
    const supervisor = await started;

    const result = await supervisor.transcribe(second);

    expect(result.text).toBe(`16000 samples by ${TINY} on webgpu`);
    expect(decoders.starts.map((s) => [s.modelId, s.device, s.host])).toEqual([
      [TINY, 'webgpu', HOST],
      [TINY, 'webgpu', HOST],
    ]);
    expect(decoders.ended).toEqual([0]);
    expect(errors(events)).toEqual([
      expect.objectContaining({ code: 'decoder-crashed', message: expect.stringMatching(/stopped \(it crashed: RuntimeError: unreachable\)\. Restarting it with Xenova\/whisper-tiny\.en on WebGPU; what you say meanwhile is kept/) }),
    ]);
    expect(models(events).at(-1)?.note).toMatch(/speech decoder is back \(Xenova\/whisper-tiny\.en on WebGPU\)/);
    expect(supervisor.fallbackOfLastDecode()).toBeUndefined();
  });

  it('declares a decode that outlives its timeout hung, and decodes the audio on the restarted decoder', async () => {
    vi.useFakeTimers();
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['hang'];
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'wasm' });
    const supervisor = await started;

    const decoding = supervisor.transcribe(second);
    await vi.advanceTimersByTimeAsync(999);
    expect(decoders.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);

    await expect(decoding).resolves.toMatchObject({ text: `16000 samples by ${TINY} on wasm` });
    expect(decoders.ended).toEqual([0]);
    expect(errors(events)[0].message).toMatch(/a decode of 1\.0 s of audio gave no answer in 1 s/);
  });

  it('derives the timeout from the slowest steady decode rate: factor × ms per audio second × seconds', async () => {
    vi.useFakeTimers();
    // 400 ms per decode, whatever its length: slower than the 100 ms warm-up.
    const slow = (audio: Float32Array, by: ModelOptions) => new Promise<Transcription>((resolve) => setTimeout(() => resolve(fakeDecode(audio, by)), 400));
    const decoders = new DoubleDecoders(slow);
    decoders.scripts[0] = ['answer', 'hang'];
    const { started } = supervise(decoders, { modelId: TINY, device: 'wasm' }, { factor: 5, minMs: 10, maxMs: 600_000 });
    const supervisor = await started;

    // Warm-up 100 ms per second: the limit of a 1 s decode is 500 ms, so 400 ms passes.
    const first = supervisor.transcribe(second);
    await vi.advanceTimersByTimeAsync(400);
    await expect(first).resolves.toBeDefined();
    // Now 400 ms per second: a 3 s decode may take 5 × 400 × 3 = 6000 ms.
    const hung = supervisor.transcribe(new Float32Array(3 * SAMPLE_RATE));
    await vi.advanceTimersByTimeAsync(5_999);
    expect(decoders.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(decoders.starts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(400);
    await expect(hung).resolves.toBeDefined();
  });

  it('takes the warm-up rate only until the first decode completes: a slow first run does not stretch later timeouts', async () => {
    vi.useFakeTimers();
    const decoders = new DoubleDecoders();
    // A warm-up that compiled for 100 s: the first decode may take 5 × 100 s, then the steady rate rules.
    decoders.warmUpMs = 100_000;
    decoders.scripts[0] = ['answer', 'hang'];
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'wasm' }, { factor: 5, minMs: 1_000, maxMs: 600_000 });
    const supervisor = await started;

    await supervisor.transcribe(second);
    const hung = supervisor.transcribe(second);
    await vi.advanceTimersByTimeAsync(999);
    expect(decoders.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(decoders.starts).toHaveLength(2);
    await expect(hung).resolves.toBeDefined();
    expect(errors(events)[0].message).toMatch(/a decode of 1\.0 s of audio gave no answer in 1 s/);
  });

  it('caps the timeout at its ceiling whatever the rates', async () => {
    vi.useFakeTimers();
    const decoders = new DoubleDecoders();
    decoders.warmUpMs = 1_000_000;
    decoders.scripts[0] = ['hang'];
    const { started } = supervise(decoders, { modelId: TINY, device: 'wasm' }, { factor: 5, minMs: 1_000, maxMs: 30_000 });
    const supervisor = await started;

    const hung = supervisor.transcribe(second);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(decoders.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(decoders.starts).toHaveLength(2);
    await expect(hung).resolves.toBeDefined();
  });

  it('goes to WASM on the second death, with the WASM default for a model WASM cannot run, and marks its decodes', async () => {
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['crash'];
    decoders.scripts[1] = ['answer', 'crash'];
    const { started, events } = supervise(decoders, { modelId: TURBO, device: 'webgpu' });
    const supervisor = await started;

    await supervisor.transcribe(second);
    expect(supervisor.fallbackOfLastDecode()).toBeUndefined();
    const result = await supervisor.transcribe(second);

    expect(decoders.starts.map((s) => `${s.modelId} ${s.device}`)).toEqual([`${TURBO} webgpu`, `${TURBO} webgpu`, 'onnx-community/whisper-base wasm']);
    expect(result.text).toContain('onnx-community/whisper-base on wasm');
    expect(supervisor.fallbackOfLastDecode()).toEqual({ modelId: 'onnx-community/whisper-base', device: 'wasm' });
    expect(errors(events).at(-1)?.message).toMatch(/Restarting it with onnx-community\/whisper-base on WASM/);
  });

  it('restarts a decoder that lost its GPU device on WASM at once, even while no decode runs', async () => {
    const decoders = new DoubleDecoders();
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'webgpu' });
    const supervisor = await started;

    decoders.deaths[0]({ kind: 'device-lost', reason: 'the GPU device was lost (destroyed)' });
    const result = await supervisor.transcribe(second);

    expect(decoders.starts.map((s) => `${s.modelId} ${s.device}`)).toEqual([`${TINY} webgpu`, `${TINY} wasm`]);
    expect(decoders.ended).toEqual([0]);
    expect(result.text).toContain('on wasm');
    expect(supervisor.fallbackOfLastDecode()).toEqual({ modelId: TINY, device: 'wasm' });
    expect(errors(events)[0].message).toMatch(/stopped \(the GPU device was lost \(destroyed\)\)\. Restarting it with Xenova\/whisper-tiny\.en on WASM/);
  });

  it('restarts a decoder whose thread ended while idle at once, before any decode asks for it', async () => {
    const decoders = new DoubleDecoders();
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'wasm' });
    await started;

    // What the life-lock watch reports when the worker closed itself between utterances.
    decoders.deaths[0]({ kind: 'crashed', reason: 'its thread ended' });
    await vi.waitFor(() => expect(models(events).at(-1)?.note).toMatch(/speech decoder is back/));

    expect(decoders.starts).toHaveLength(2);
    expect(decoders.ended).toEqual([0]);
    expect(errors(events)[0].message).toMatch(/stopped \(its thread ended\)\. Restarting it with Xenova\/whisper-tiny\.en on WASM/);
  });

  it('restarts again when the restarted decoder dies during its own load', async () => {
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['crash'];
    // The second decoder's thread ends while it loads: its start fails.
    decoders.failingLoads.add(1);
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'wasm' });
    const supervisor = await started;

    await expect(supervisor.transcribe(second)).resolves.toMatchObject({ text: `16000 samples by ${TINY} on wasm` });
    expect(decoders.starts).toHaveLength(3);
    expect(errors(events).map((e) => e.message)).toEqual([
      expect.stringMatching(/stopped \(it crashed: RuntimeError: unreachable\)\. Restarting/),
      expect.stringMatching(/stopped \(its restart failed: load 1 failed\)\. Restarting/),
    ]);
  });

  it('passes on the error of a decode that throws, without a restart, and decodes again afterwards', async () => {
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['throw'];
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'wasm' });
    const supervisor = await started;

    await expect(supervisor.transcribe(second)).rejects.toThrow('inference failed');
    await expect(supervisor.transcribe(second)).resolves.toBeDefined();
    expect(decoders.starts).toHaveLength(1);
    expect(errors(events)).toEqual([]);
  });

  it(`gives up after ${MAX_FAILURES_IN_A_ROW} failures in a row, saying so, and then fails every decode at once`, async () => {
    const decoders = new DoubleDecoders();
    decoders.scripts[0] = ['crash'];
    decoders.failingLoads.add(1).add(2);
    const { started, events } = supervise(decoders, { modelId: TINY, device: 'webgpu' });
    const supervisor = await started;

    await expect(supervisor.transcribe(second)).rejects.toThrow(DecoderUnavailableError);
    await expect(supervisor.transcribe(second)).rejects.toThrow(/could not be restarted/);
    expect(decoders.starts.map((s) => s.device)).toEqual(['webgpu', 'webgpu', 'wasm']);
    expect(errors(events).map((e) => e.message)).toEqual([
      expect.stringMatching(/Restarting it with .* on WebGPU/),
      expect.stringMatching(/\(its restart failed: load 1 failed\)\. Restarting it with .* on WASM/),
      expect.stringMatching(/\(its restart failed: load 2 failed\) and could not be restarted\. Reload the page; the transcript so far stays on screen\./),
    ]);
  });

  it('fails its start when the first load fails (the load error is the user-facing one)', async () => {
    const decoders = new DoubleDecoders();
    decoders.failingLoads.add(0);
    await expect(supervise(decoders, { modelId: TINY, device: 'wasm' }).started).rejects.toThrow('load 0 failed');
    expect(decoders.starts).toHaveLength(1);
  });
});

describe('DecoderSupervisor under the streaming engine, real whisper-tiny.en and Silero VAD on jfk.wav', () => {
  const reference = readManifest('dev.tsv').find((e) => e.path.endsWith('/jfk.wav'))!.reference;
  let vad: SpeechProbabilityModel;
  let whisper: Transcriber;
  let audio: Float32Array;

  beforeAll(async () => {
    [vad, whisper, audio] = await Promise.all([loadNodeVad(), loadNodeWhisper(), loadAudio16k(sharedAudio('dev/jfk.wav'))]);
  }, 120_000);

  /** Streams jfk.wav (plus 1 s of silence) through the engine, frame by frame, then flushes. */
  async function dictate(decoders: DoubleDecoders, device: Device) {
    const { started, events } = supervise(decoders, { modelId: TINY, device }, { factor: 5, minMs: 60_000, maxMs: 600_000 });
    const supervisor = await started;
    const engine = new StreamingEngine({
      vad,
      transcriber: supervisor,
      onEvent: (event) => {
        const fallback = event.type === 'final' ? supervisor.fallbackOfLastDecode() : undefined;
        events.push(event.type === 'final' && fallback ? { ...event, fallback } : event);
      },
    });
    const padded = new Float32Array(audio.length + SAMPLE_RATE);
    padded.set(audio);
    for (let i = 0; i + VAD_FRAME_SAMPLES <= padded.length; i += VAD_FRAME_SAMPLES) {
      await engine.pushFrame(padded.subarray(i, i + VAD_FRAME_SAMPLES));
    }
    await engine.flush();
    const finals = events.filter((e): e is FinalEvent => e.type === 'final');
    return { events, finals, text: finals.map((f) => f.text).join(' ') };
  }

  it('a crash, then a lost GPU device: no word is lost, the restarts decode every utterance, WASM finals are marked', async () => {
    const decoders = new DoubleDecoders((samples) => whisper.transcribe(samples));
    decoders.scripts[0] = ['crash'];
    const startDouble = decoders.start;
    // The restarted WebGPU decoder loses its device during its third decode.
    decoders.start = async (model, onDeath) => {
      const endpoint = await startDouble(model, onDeath);
      if (decoders.starts.length !== 2) return endpoint;
      let decodes = 0;
      return {
        ...endpoint,
        transcribe: (samples) => {
          if (++decodes < 3) return endpoint.transcribe(samples);
          onDeath({ kind: 'device-lost', reason: 'the GPU device was lost (destroyed)' });
          return new Promise(() => {});
        },
      };
    };
    const { events, finals, text } = await dictate(decoders, 'webgpu');

    expect(decoders.starts.map((s) => s.device)).toEqual(['webgpu', 'webgpu', 'wasm']);
    expect(errors(events).map((e) => e.code)).toEqual(['decoder-crashed', 'decoder-crashed']);
    expect(finals.map((f) => f.utteranceId)).toEqual(finals.map((_, i) => i + 1));
    expect(finals.at(-1)?.fallback).toEqual({ modelId: TINY, device: 'wasm' });
    expect(wordErrorRate(reference, text).wer, text).toBeLessThanOrEqual(0.1);
  }, 300_000);
});
