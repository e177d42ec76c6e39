import type { EngineEvent } from './protocol';
import type { Device, DtypeMap } from './asr/model-catalog';
import type { StreamingSettings } from './streaming/settings';

/** How the inference worker should load Whisper. */
export interface ModelOptions {
  /** Hugging Face model id, e.g. `onnx-community/whisper-large-v3-turbo`. */
  modelId: string;
  /** `undefined` picks WebGPU when an adapter is available, WASM otherwise. */
  device?: Device;
  /** Where missing model files are downloaded from: an absolute host template (`normalizeHost`). */
  host: string;
  /**
   * Weight precisions that replace the catalog's choice for the device (`dtypeFor`), per
   * session: the benchmark compares them (`npm run bench -- --decoder-dtype fp32`).
   */
  dtypes?: Partial<DtypeMap>;
}

/**
 * The inference worker's API, exposed with Comlink (`src/inference-worker/worker.ts`).
 * The main thread creates the worker, wraps it with `Comlink.wrap<InferenceWorkerApi>()`,
 * and calls these in order: `holdLifeLock` → `init` → (`start` → `attachAudio` → `stop`), the
 * sessions repeatable.
 */
export interface InferenceWorkerApi {
  /**
   * Holds the Web Lock `name` for this worker's life (`shared/life-lock.ts`): the main
   * thread's request for it is granted when the worker ends. Resolves once held.
   */
  holdLifeLock(name: string): Promise<void>;
  /**
   * Loads Silero VAD and Whisper (downloading the model files the model store lacks), then
   * emits `state: ready`. Progress, model and state events go to `onEvent` (pass it through
   * `Comlink.proxy`). Rejects only on a programming error; load failures arrive as `error`
   * events followed by `state: error`.
   */
  init(options: ModelOptions, onEvent: (event: EngineEvent) => void): Promise<void>;
  /**
   * Hands over the MessagePort on which the AudioWorklet posts 16 kHz frames (transfer it);
   * the worker acknowledges on it the frames it no longer needs.
   */
  attachAudio(port: MessagePort): void;
  /**
   * Starts a capture session: audio is accepted, timed from the capture's frame 0 (frame
   * index × 512 / 16000 s). `utteranceIdBase` (default 0) is added to utterance ids: a worker
   * restarted in mid-session passes the last final's id, so its utterances follow.
   */
  start(utteranceIdBase?: number): void;
  /**
   * Ends the capture session once every frame the worklet posted has arrived: the open
   * utterance (if any) is finalized before this resolves.
   */
  stop(): Promise<void>;
  /** Changes streaming settings; takes effect from the next utterance. */
  updateSettings(settings: Partial<StreamingSettings>): void;
}
