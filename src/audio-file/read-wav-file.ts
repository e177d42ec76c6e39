/**
 * Node-only helpers to read WAV files from disk (tests, benchmarks, scripts). Kept apart from
 * `wav.ts` so the browser bundle never sees `node:fs`.
 */
import { readFile } from 'node:fs/promises';
import { resampleAll } from '../audio-worklet/resampler';
import { decodeWav, type DecodedWav, type DecodeWavOptions } from './wav';

/** Sample rate Whisper and Silero VAD consume, Hz. */
const TARGET_RATE = 16000;

/**
 * Reads and decodes a WAV file (see {@link decodeWav} for the supported formats).
 *
 * @param path file path, or a `file:` URL (e.g. `new URL('x.wav', import.meta.url)`).
 * @param options decoder options (`allowTruncated`).
 * @returns mono samples in [-1, 1] at the file's own rate, plus rate and channel count.
 * @throws the fs error (ENOENT…) if the file cannot be read; an Error prefixed with the path
 *   if it is not a supported WAV file.
 */
export async function readWavFile(path: string | URL, options?: DecodeWavOptions): Promise<DecodedWav> {
  const bytes = await readFile(path);
  try {
    return decodeWav(bytes, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${String(path)}: ${message}`, { cause: err });
  }
}

/**
 * Reads a WAV file and returns it as 16 kHz mono, resampled with the same polyphase resampler
 * the AudioWorklet uses (time-aligned, ⌈frames · 16000 / rate⌉ samples; 16 kHz files are
 * returned unchanged).
 *
 * @param path file path or `file:` URL.
 * @param options decoder options (`allowTruncated`).
 * @returns mono Float32 samples at 16 000 Hz.
 * @throws as {@link readWavFile}.
 */
export async function loadAudio16k(path: string | URL, options?: DecodeWavOptions): Promise<Float32Array> {
  const wav = await readWavFile(path, options);
  return resampleAll(wav.samples, wav.sampleRate, TARGET_RATE);
}
