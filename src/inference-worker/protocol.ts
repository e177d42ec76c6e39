import type { DownloadProgress } from '../model-store/progress';

/**
 * Messages between the UI, the AudioWorklet and the inference worker.
 *
 * The event vocabulary follows the server design Sotto descends from (JSON `partial` /
 * `final` messages) and RealtimeSTT's state names.
 */

/** Recognizer state, as RealtimeSTT names them. */
export type RecognizerState =
  | 'loading' // model and VAD are being fetched / compiled
  | 'ready' // loaded, not capturing
  | 'listening' // capturing, VAD hears no speech
  | 'recording' // VAD is inside an utterance
  | 'transcribing' // capture stopped, the last final decode is running
  | 'falling-behind' // closed utterances wait for their final decode (more than one Whisper window of audio)
  | 'error';

/** Stable error codes the UI maps to human messages. */
export type ErrorCode =
  | 'mic-denied'
  | 'mic-unavailable'
  | 'unsupported-browser'
  | 'model-load-failed' // download or load failed: Retry resumes
  | 'storage-full' // the model does not fit in the site's storage quota
  | 'model-file-damaged' // a stored file failed its checks; it was deleted and downloaded again
  | 'vad-load-failed'
  | 'decode-failed'
  | 'decoder-crashed' // the decoder died, hung or lost its GPU: it restarts, audio is kept
  | 'engine-crashed' // the inference worker (VAD, engine) died: it restarts, recent audio is heard again
  | 'bad-audio';

/** A partial hypothesis of the open utterance (the whole utterance so far, not only the window). */
export interface PartialEvent {
  type: 'partial';
  utteranceId: number;
  /** Committed words (LocalAgreement): never change within the utterance. */
  stable: string;
  /** The unstable tail after the committed words; may change with the next partial. */
  unstable: string;
  /** Audio time covered by this hypothesis, seconds since capture start. */
  audioTime: number;
  /** Wall time the decode took, ms. */
  decodeMs: number;
}

/** The final hypothesis of a closed utterance. */
export interface FinalEvent {
  type: 'final';
  utteranceId: number;
  text: string;
  /** Utterance start and end, seconds since capture start. */
  start: number;
  end: number;
  decodeMs: number;
  /** Multilingual models: the Whisper language code the final was decoded in (chosen or detected). */
  language?: string;
  /**
   * Set when a hallucination guard dropped the final's text (`asr/hallucination-guards.ts`):
   * the reason (`no-speech`, `compression-ratio`); `text` is then empty. `queue-full`: the
   * engine had no room to queue the utterance's decode (see `maxQueuedSeconds`). The UI shows
   * a faint marker so that no utterance disappears silently.
   */
  dropped?: string;
  /** Set when a restarted decoder with another model or device than the first decoded it. */
  fallback?: { modelId: string; device: InferenceDevice };
}

export interface StateEvent {
  type: 'state';
  state: RecognizerState;
}

export interface ErrorEvent {
  type: 'error';
  code: ErrorCode;
  message: string;
}

/** Model download progress: the file being fetched and the whole model, with rate and time left. */
export interface ProgressEvent extends DownloadProgress {
  type: 'progress';
}

/** What finally got loaded, and whether shaders are still warming up. */
export interface ModelEvent {
  type: 'model';
  modelId: string;
  device: InferenceDevice;
  dtype: string;
  /** Whisper language codes of the model (`generation_config.lang_to_id`, in token order); empty for English-only models. */
  languages?: string[];
  /** Human-readable note, e.g. "compiling WebGPU shaders (first run takes ~30 s)". */
  note?: string;
}

export type EngineEvent =
  | PartialEvent
  | FinalEvent
  | StateEvent
  | ErrorEvent
  | ProgressEvent
  | ModelEvent;

export type InferenceDevice = 'webgpu' | 'wasm' | 'cpu';

/**
 * Messages the AudioWorklet posts on the MessagePort connected to the inference worker.
 * `samples` are 16 kHz mono Float32 in [-1, 1], 512 samples (32 ms) per frame: the frame
 * size Silero VAD v5 expects at 16 kHz. `index` counts the frames of the capture stream from
 * 0; frames heard again after a restart of the inference worker keep their index, so the
 * frame's time is `index × 512 / 16000` s since the capture started.
 */
export interface AudioFrameMessage {
  type: 'audio';
  samples: Float32Array;
  index: number;
}

/**
 * AudioWorklet to inference worker, on the frame port: every frame posted before this one has
 * been posted (the answer to a {@link DrainMessage}, or the last message on a port the
 * worklet replaces).
 */
export interface DrainedMessage {
  type: 'drained';
}

/**
 * Inference worker to AudioWorklet, on the frame port: frames before `frame` are no longer
 * needed (every utterance in them has its final), so a restarted worker is fed again from there.
 */
export interface AckMessage {
  type: 'ack';
  frame: number;
}

/**
 * Inference worker to AudioWorklet, on the frame port: answer with a {@link DrainedMessage}
 * (the worker's Stop waits for it, so no frame is lost to the race of two channels).
 */
export interface DrainMessage {
  type: 'drain';
}

/** What the inference worker posts to the AudioWorklet. */
export type WorkerToWorkletMessage = AckMessage | DrainMessage;

/** Messages the AudioWorklet posts on its own node port, to the main thread. */
export interface LevelMessage {
  type: 'level';
  /** RMS of the last 16 kHz frame, linear 0..1. */
  rms: number;
}

/**
 * Main thread to AudioWorklet: connect the port that leads to the inference worker. A new
 * `stream` starts counting frames at 0. `resume` (the same stream, after the inference worker
 * died) first posts again the frames of the stream kept in the worklet's ring buffer from the
 * last acknowledged one, then goes on live; the worklet answers with a {@link ResumedMessage}.
 */
export interface ConnectPortMessage {
  type: 'connect';
  port: MessagePort;
  stream: number;
  resume: boolean;
}

/**
 * AudioWorklet to main thread, on the node port: the answer to a resuming connect.
 * `fromFrame` is the first frame posted again; `lostFrames` the unacknowledged frames the ring
 * buffer no longer held (they cannot be heard again), or null when the stream is no longer
 * the worklet's (a newer capture started meanwhile: its unacknowledged end is lost).
 */
export interface ResumedMessage {
  type: 'resumed';
  stream: number;
  fromFrame: number;
  lostFrames: number | null;
}
