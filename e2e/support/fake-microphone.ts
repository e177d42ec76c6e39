import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { decodeWav, encodeWav16 } from '../../src/audio-file/wav';
import { resampleAll } from '../../src/audio-worklet/resampler';

/** Chromium's fake microphone device runs at 48 kHz; feed it a 48 kHz file so the worklet's resampler does real work. */
const FAKE_MIC_RATE = 48000;

/** Silence between the clips of a fake microphone WAV, seconds: longer than the VAD's redemption, so each is an utterance. */
const CLIP_GAP_SECONDS = 2;

/**
 * Writes a WAV for Chromium's `--use-file-for-fake-audio-capture`: the clip (or clips, each
 * 2 s apart) resampled to 48 kHz, with `leadSeconds` of silence before it (the page starts
 * listening) and `tailSeconds` after it (so the VAD hears the end of speech).
 * @returns the path written, under `test-results/fake-mic/`
 */
export function makeFakeMicrophoneWav(clipPaths: string | readonly string[], name: string, leadSeconds = 1, tailSeconds = 3): string {
  const clips = (typeof clipPaths === 'string' ? [clipPaths] : clipPaths).map((path) => {
    const { samples, sampleRate } = decodeWav(readFileSync(path));
    return resampleAll(samples, sampleRate, FAKE_MIC_RATE);
  });
  const gap = Math.round(CLIP_GAP_SECONDS * FAKE_MIC_RATE);
  const speech = clips.reduce((sum, clip) => sum + clip.length, 0) + gap * (clips.length - 1);
  const out = new Float32Array(Math.round((leadSeconds + tailSeconds) * FAKE_MIC_RATE) + speech);
  let offset = Math.round(leadSeconds * FAKE_MIC_RATE);
  for (const clip of clips) {
    out.set(clip, offset);
    offset += clip.length + gap;
  }
  const path = resolve('test-results', 'fake-mic', `${name}.wav`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeWav16(out, FAKE_MIC_RATE));
  return path;
}

/** Chromium flags that work on this kind of machine (no network but loopback, no GPU). */
export const BASE_CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Length of a WAV file, seconds (how long the fake microphone plays it). */
export function wavDurationSeconds(path: string): number {
  const { samples, sampleRate } = decodeWav(readFileSync(path));
  return samples.length / sampleRate;
}

/** Debian's Chromium, or `CHROMIUM_PATH` when set. */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch options for Chromium with a fake microphone that plays `wavPath` once, plus `extraArgs`. */
export function fakeMicrophoneLaunchOptions(wavPath: string, extraArgs: string[] = []) {
  return {
    executablePath: chromiumExecutablePath,
    args: [...BASE_CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}%noloop`, ...extraArgs],
  };
}
