/**
 * The audio format every thread after the AudioWorklet works in: Whisper's and Silero VAD's
 * input rate, and the frame the worklet posts (Silero VAD v5 takes 512 samples at 16 kHz,
 * `@ricky0123/vad-web`'s `frameSamples`).
 */

/** Sample rate of all audio after the worklet's resampler, Hz (Whisper `SAMPLE_RATE`, openai/whisper audio.py). */
export const SAMPLE_RATE = 16000;
/** Samples in one capture frame: 512 = 32 ms at {@link SAMPLE_RATE}, the Silero VAD v5 frame. */
export const FRAME_SAMPLES = 512;
