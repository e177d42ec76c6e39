/**
 * Supervision of the Whisper decoder thread: a {@link Transcriber} that notices when the
 * decoder died or hangs, tells the user, restarts it, and retries the decode that was in
 * flight, so the streaming engine above it never waits for ever and no utterance is lost.
 *
 * Plain TypeScript with no worker API: the inference worker supplies the way to start a
 * decoder (`worker.ts`), unit tests a double that dies or hangs.
 */
import type { DecodeOptions, Transcriber, Transcription } from './asr/transcriber';
import { defaultModelFor, runsOn, type Device } from './asr/model-catalog';
import { SAMPLE_RATE } from './vad/speech-segmenter';
import type { ModelOptions } from './api';
import type { EngineEvent, ModelEvent } from './protocol';
import type { LoadedModel } from './decoder-worker';

/** One running decoder with a loaded model. */
export interface DecoderEndpoint {
  readonly loaded: LoadedModel;
  /** Decodes 16 kHz mono audio; must keep `audio` intact (the supervisor may send it again). */
  transcribe(audio: Float32Array, options?: DecodeOptions): Promise<Transcription>;
  /** Ends the decoder for good. */
  terminate(): void;
}

/**
 * Starts a decoder and loads `model` in it. `onDeath` is called (any number of times, even
 * during the load) when the decoder reports or shows that it can no longer decode: its thread
 * ended (found through its life lock within milliseconds), the worker's `error` event, a lost
 * WebGPU device.
 * @throws Error when the model cannot be loaded; the decoder is then already ended.
 */
export type StartDecoder = (model: ModelOptions, onDeath: (death: DecoderDeath) => void) => Promise<DecoderEndpoint>;

/** Why a decoder is considered dead. */
export interface DecoderDeath {
  /** `device-lost`: its WebGPU device is gone; the restart goes to WASM at once. */
  kind: 'crashed' | 'device-lost' | 'hung';
  /** What happened, in words, for the user. */
  reason: string;
}

export interface DecoderSupervisorOptions {
  /** The model as the user asked for it; restarts load from the same host. */
  model: ModelOptions;
  startDecoder: StartDecoder;
  /** Receives `model` (each load), `error` (`decoder-crashed`) events. */
  onEvent: (event: EngineEvent) => void;
  /** Decode timeout rule; defaults {@link DECODE_TIMEOUT_FACTOR}, {@link MIN_DECODE_TIMEOUT_MS}, {@link MAX_DECODE_TIMEOUT_MS}. */
  timeout?: DecodeTimeoutRule;
}

/** The hang timeout of one decode: `factor` × ms per audio second × seconds, clamped to [minMs, maxMs]. */
export interface DecodeTimeoutRule {
  factor: number;
  minMs: number;
  maxMs: number;
}

/**
 * The hang timeout: a decode on a live decoder (a dead one is found through its life lock at
 * once) is declared hung after this many times the slowest steady decode rate of the same
 * decoder × the decode's audio seconds (at least 1 s counted), clamped to
 * [{@link MIN_DECODE_TIMEOUT_MS}, {@link MAX_DECODE_TIMEOUT_MS}]. The rate is ms of decode per
 * second of audio over the last {@link RATE_HISTORY} completed decodes; the load's warm-up
 * decode, which includes the first run's compilation, stands in only until the first decode
 * completes. A Whisper decode costs a fixed encoder pass plus a step per token, so scaling a
 * rate linearly to longer audio overestimates: the rule catches decodes that will never end,
 * not slow ones (CPU contention slows every decode alike and raises the rate with them).
 */
export const DECODE_TIMEOUT_FACTOR = 5;
/** The shortest decode timeout, ms: a short decode on a busy machine is never cut off. */
export const MIN_DECODE_TIMEOUT_MS = 20_000;
/**
 * The longest decode timeout, ms: a hang is caught within this whatever the rates. Above the
 * slowest real decode seen (WebGPU on SwiftShader, a CPU Vulkan, forced with `?device=webgpu`:
 * 557 s for jfk.wav's 10.8 s on this 2-core machine under load, `docs/benchmarks.md`), so it
 * never cuts one off.
 */
export const MAX_DECODE_TIMEOUT_MS = 30 * 60_000;
/** Completed decodes whose rates the hang timeout follows: old rates (a busy spell) age out. */
export const RATE_HISTORY = 8;
/**
 * Deaths or failed loads in a row, with no decode completed between them, after which the
 * decoder is given up: the first restart reloads the same model on the same device, the
 * second goes to WASM, a third death means WASM cannot decode either.
 */
export const MAX_FAILURES_IN_A_ROW = 3;

/** Thrown by `transcribe` once the decoder could not be restarted. */
export class DecoderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecoderUnavailableError';
  }
}

type Outcome = { kind: 'done'; result: Transcription } | { kind: 'threw'; error: unknown } | { kind: 'died'; death: DecoderDeath };

/** The decoder running now, with its fault signal and decode-rate history. */
interface Running {
  endpoint: DecoderEndpoint;
  /** Resolves with the first death reported for this decoder. */
  died: Promise<DecoderDeath>;
  /** Ms per audio second of the last {@link RATE_HISTORY} completed decodes, oldest first; empty before the first. */
  rates: number[];
}

/**
 * Restart policy (issue 8, item 4): on a crash or a hang the decoder restarts with the same
 * model on the same device once; every later death, and any lost WebGPU device, restarts it
 * on WASM (the same model if the catalog runs it there, else the WASM default). The decode
 * in flight is sent again to the new decoder, so its utterance is decoded once the decoder is
 * back; later decodes wait for the restart (the engine keeps each closed utterance's audio in
 * its final queue meanwhile). Finals decoded by a decoder other than the first are marked
 * with {@link fallbackOfLastDecode}.
 */
export class DecoderSupervisor implements Transcriber {
  private readonly original: ModelOptions;
  private readonly timeoutRule: DecodeTimeoutRule;
  /** The decoder, or the restart that will bring one (rejects when given up); set by `adopt`. */
  private current!: Promise<Running>;
  private running: Running | null = null;
  private first: LoadedModel | null = null;
  private deaths = 0;
  private failuresInARow = 0;
  private lastDecodedBy: LoadedModel | null = null;

  private constructor(private readonly options: DecoderSupervisorOptions) {
    this.original = options.model;
    this.timeoutRule = options.timeout ?? { factor: DECODE_TIMEOUT_FACTOR, minMs: MIN_DECODE_TIMEOUT_MS, maxMs: MAX_DECODE_TIMEOUT_MS };
  }

  /**
   * Starts the first decoder and waits for its model.
   * @throws whatever `startDecoder` throws for the first load (no restart on a first load).
   */
  static async start(options: DecoderSupervisorOptions): Promise<DecoderSupervisor> {
    const supervisor = new DecoderSupervisor(options);
    const running = await supervisor.launch(options.model);
    supervisor.first = running.endpoint.loaded;
    supervisor.adopt(running, undefined);
    return supervisor;
  }

  /**
   * Decodes on the current decoder; when the decoder dies or hangs during the decode, waits
   * for the restarted one and decodes there. A decode that throws while its decoder lives is
   * not retried.
   * @throws the decode's own error, or DecoderUnavailableError once no decoder could be
   *   restarted.
   */
  async transcribe(audio: Float32Array, options?: DecodeOptions): Promise<Transcription> {
    this.lastDecodedBy = null;
    for (;;) {
      const running = await this.current.catch((error: unknown) => {
        throw new DecoderUnavailableError(describe(error));
      });
      const started = Date.now();
      const outcome = await this.decodeOn(running, audio, options);
      if (outcome.kind === 'done') {
        running.rates.push((Date.now() - started) / Math.max(1, audio.length / SAMPLE_RATE));
        if (running.rates.length > RATE_HISTORY) running.rates.shift();
        this.failuresInARow = 0;
        this.lastDecodedBy = running.endpoint.loaded;
        return outcome.result;
      }
      if (outcome.kind === 'threw') throw outcome.error;
      this.onDeath(running, outcome.death);
    }
  }

  /**
   * The model and device of the latest completed decode when they differ from the first
   * decoder's, else undefined. The engine never runs two decodes at once, so right after a
   * final's decode this names the decoder of that final.
   */
  fallbackOfLastDecode(): { modelId: string; device: Device } | undefined {
    const by = this.lastDecodedBy;
    const first = this.first;
    if (!by || !first || (by.modelId === first.modelId && by.device === first.device)) return undefined;
    return { modelId: by.modelId, device: by.device };
  }

  private async launch(model: ModelOptions): Promise<Running> {
    let running: Running | null = null;
    let reportDeath: (death: DecoderDeath) => void = () => {};
    const died = new Promise<DecoderDeath>((resolve) => (reportDeath = resolve));
    const endpoint = await this.options.startDecoder(model, (death) => {
      reportDeath(death);
      // At once, so that no decode starts on a decoder known to be dead.
      if (running) this.onDeath(running, death);
    });
    running = { endpoint, died, rates: [] };
    return running;
  }

  /** Makes `running` the current decoder and restarts it as soon as it reports a death. */
  private adopt(running: Running, note: string | undefined): void {
    this.running = running;
    this.current = Promise.resolve(running);
    const { modelId, device, dtype, fallbackReason, languages } = running.endpoint.loaded;
    const event: ModelEvent = { type: 'model', modelId, device, dtype, ...(languages && { languages }) };
    const text = note ?? fallbackReason;
    if (text) event.note = text;
    this.options.onEvent(event);
    // A death reported before the decoder was adopted.
    void running.died.then((death) => this.onDeath(running, death));
  }

  private decodeOn(running: Running, audio: Float32Array, options: DecodeOptions | undefined): Promise<Outcome> {
    const seconds = Math.max(1, audio.length / SAMPLE_RATE);
    const msPerSecond = running.rates.length > 0 ? Math.max(...running.rates) : running.endpoint.loaded.warmUpMs;
    const { factor, minMs, maxMs } = this.timeoutRule;
    const limitMs = Math.min(maxMs, Math.max(minMs, factor * msPerSecond * seconds));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'died', death: { kind: 'hung', reason: `a decode of ${seconds.toFixed(1)} s of audio gave no answer in ${Math.round(limitMs / 1000)} s` } }),
        limitMs,
      );
    });
    const decode = running.endpoint.transcribe(audio, options).then(
      (result): Outcome => ({ kind: 'done', result }),
      (error: unknown): Outcome => ({ kind: 'threw', error }),
    );
    const died = running.died.then((death): Outcome => ({ kind: 'died', death }));
    return Promise.race([decode, died, hung]).finally(() => clearTimeout(timer));
  }

  /** Ends a dead decoder (once) and starts the restart that `current` then stands for. */
  private onDeath(running: Running, death: DecoderDeath): void {
    if (this.running !== running) return;
    this.running = null;
    running.endpoint.terminate();
    this.deaths++;
    this.failuresInARow++;
    this.current = this.restart(running.endpoint.loaded, death);
    this.current.catch(() => {});
  }

  private async restart(dead: LoadedModel, death: DecoderDeath): Promise<Running> {
    let cause = death.reason;
    for (;;) {
      const next = this.restartModel(dead, death);
      if (this.failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        const message = `The speech decoder stopped (${cause}) and could not be restarted. Reload the page; the transcript so far stays on screen.`;
        this.options.onEvent({ type: 'error', code: 'decoder-crashed', message });
        throw new Error(message);
      }
      this.options.onEvent({
        type: 'error',
        code: 'decoder-crashed',
        message: `The speech decoder stopped (${cause}). Restarting it with ${label(next)}; what you say meanwhile is kept and transcribed once it is back.`,
      });
      try {
        const running = await this.launch({ ...this.original, ...next });
        this.adopt(running, `The speech decoder is back (${label(running.endpoint.loaded)}) after it stopped: ${death.reason}.`);
        return running;
      } catch (error) {
        this.failuresInARow++;
        cause = `its restart failed: ${describe(error)}`;
        dead = { ...dead, ...next };
      }
    }
  }

  /** Same model and device for the first death of a crash or hang; WASM otherwise. */
  private restartModel(dead: LoadedModel, death: DecoderDeath): { modelId: string; device: Device } {
    if (this.deaths === 1 && this.failuresInARow === 1 && death.kind !== 'device-lost') {
      return { modelId: dead.modelId, device: dead.device };
    }
    return { modelId: runsOn(dead.modelId, 'wasm') ? dead.modelId : defaultModelFor('wasm', null), device: 'wasm' };
  }
}

function label(model: { modelId: string; device: Device }): string {
  return `${model.modelId} on ${model.device === 'wasm' ? 'WASM' : 'WebGPU'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
