/**
 * The noise corpus: audio that is not speech (noises, music, everyday sounds), and speech
 * from `../shared/audio/dev.tsv` mixed with noise at 20, 10 and 5 dB SNR. Every file is
 * rendered from Debian packages (`sox`, `timidity` with `freepats`, `sound-theme-freedesktop`)
 * and names its source; nothing here is recorded or downloaded. Renders are deterministic
 * (fixed seeds: sox runs with `-R`, its repeatable mode, which seeds its noise generators and
 * dither; without it every run draws new noise), 16 kHz mono.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../../src/audio-file/wav';
import { loadAudio16k } from '../../src/audio-file/read-wav-file';
import { SAMPLE_RATE } from '../../src/inference-worker/vad/speech-segmenter';
import { encodeMidi, type MidiNote } from './midi';

/** One corpus file: its manifest row and how to render it. */
export interface CorpusRecipe {
  /** Path inside the corpus folder, e.g. `noise/pink_-35dBFS.wav`. */
  file: string;
  /** Reference transcript: '' for non-speech (the right output is no text at all). */
  reference: string;
  /** Where the audio comes from: the package and command, or the dev clip and the noise. */
  source: string;
  /** Signal-to-noise ratio of noisy speech, dB; undefined for non-speech. */
  snrDb?: number;
  /** Renders the file as 16 kHz mono samples; `tmpDir` is a scratch folder for the tools. */
  render(tmpDir: string): Promise<Float32Array>;
}

/** The folder of the Debian sound theme's stereo sounds (package `sound-theme-freedesktop`). */
const FREEDESKTOP_SOUNDS = '/usr/share/sounds/freedesktop/stereo';
/** timidity's configuration for the `freepats` patch set (Debian package `freepats`). */
const FREEPATS_CONFIG = '/etc/timidity/freepats.cfg';
/** Signal-to-noise ratios of the noisy speech, dB. */
export const SNRS_DB = [20, 10, 5] as const;
/** Length of each non-speech file, seconds. */
const NOISE_SECONDS = 6;

/** Runs sox repeatably (`-R`) with no input (`-n`) and the given effects; returns the mono 16 kHz result. */
function soxSynth(tmpDir: string, name: string, channels: number, effects: string[]): Float32Array {
  const out = join(tmpDir, `${name}.wav`);
  execFileSync('sox', ['-R', '-n', '-r', String(SAMPLE_RATE), '-c', String(channels), '-b', '16', out, ...effects]);
  return decodeWav(readFileSync(out)).samples;
}

/** Converts any file sox reads (here Ogg Vorbis) to 16 kHz mono samples (repeatably: `-R` seeds the dither). */
function soxConvert(tmpDir: string, input: string): Float32Array {
  const out = join(tmpDir, 'converted.wav');
  execFileSync('sox', ['-R', input, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', out]);
  return decodeWav(readFileSync(out)).samples;
}

/** RMS level of `samples`, dB relative to full scale (a full-scale square wave is 0 dBFS). */
export function rmsDbfs(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 10 * Math.log10(sum / samples.length);
}

/** `samples` scaled so that their RMS level is `dbfs`. */
function atLevel(samples: Float32Array, dbfs: number): Float32Array {
  const gain = 10 ** ((dbfs - rmsDbfs(samples)) / 20);
  return samples.map((s) => s * gain);
}

/** Mulberry32, a small seeded PRNG (Tommy Ettinger, public domain): uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The non-speech generators: each renders `seconds` of one kind of sound (level not yet set).
 * Used alone for the non-speech files and as the noise of the noisy speech.
 */
const NOISES: Record<string, { source: string; render(tmpDir: string, seconds: number): Float32Array | Promise<Float32Array> }> = {
  white: { source: 'sox synth whitenoise', render: (dir, s) => soxSynth(dir, 'white', 1, ['synth', String(s), 'whitenoise']) },
  pink: { source: 'sox synth pinknoise', render: (dir, s) => soxSynth(dir, 'pink', 1, ['synth', String(s), 'pinknoise']) },
  brown: { source: 'sox synth brownnoise', render: (dir, s) => soxSynth(dir, 'brown', 1, ['synth', String(s), 'brownnoise']) },
  hum: {
    source: 'sox synth sine 50 100 150 250 Hz (mains hum with harmonics), channels averaged',
    render: (dir, s) => soxSynth(dir, 'hum', 4, ['synth', String(s), 'sine', '50', 'sine', '100', 'sine', '150', 'sine', '250']),
  },
  fan: {
    source: 'sox synth brownnoise lowpass 500 Hz plus a 120 Hz blade tone at 1/10 amplitude',
    render: (dir, s) => {
      const rush = soxSynth(dir, 'fan', 1, ['synth', String(s), 'brownnoise', 'lowpass', '500']);
      const blade = soxSynth(dir, 'blade', 1, ['synth', String(s), 'sine', '120']);
      return rush.map((x, i) => 0.9 * x + 0.1 * blade[i]);
    },
  },
  breathing: {
    source: 'sox synth pinknoise bandpass 900 Hz (Q 0.7) with a 0.25 Hz tremolo (15 breaths a minute)',
    render: (dir, s) => soxSynth(dir, 'breathing', 1, ['synth', String(s), 'pinknoise', 'bandpass', '900', '0.7q', 'tremolo', '0.25', '100']),
  },
  typing: {
    source: 'sox synth 6 ms highpassed whitenoise clicks, placed 80-300 ms apart with word gaps (seed 11)',
    render: (dir, s) => {
      const click = soxSynth(dir, 'click', 1, ['synth', '0.006', 'whitenoise', 'vol', '0.5', 'highpass', '1500', 'fade', 'q', '0.0005', '0.006', '0.005']);
      const out = new Float32Array(Math.round(s * SAMPLE_RATE));
      const random = seededRandom(11);
      for (let at = 0.1 * SAMPLE_RATE; at + click.length < out.length; ) {
        const gain = 0.5 + 0.5 * random();
        click.forEach((c, i) => (out[at + i] += gain * c));
        const gap = random() < 0.15 ? 0.45 + 0.3 * random() : 0.08 + 0.22 * random();
        at += Math.round(gap * SAMPLE_RATE);
      }
      return out;
    },
  },
  music: {
    source: `timidity (${FREEPATS_CONFIG}) of a generated MIDI piece: piano chords and bass, C-Am-F-G at 120 bpm`,
    render: (dir, s) => renderMusic(dir, s, false),
  },
  'music-lead': {
    source: `timidity (${FREEPATS_CONFIG}) of the piano piece with a sung-like lead (GM 53 Voice Oohs)`,
    render: (dir, s) => renderMusic(dir, s, true),
  },
  alerts: {
    source: `${FREEDESKTOP_SOUNDS}: bell, complete, message, dialog-warning, window-attention, device-added, trash-empty, camera-shutter (0.4 s apart, looped)`,
    render: (dir, s) => soundSequence(dir, s, ['bell', 'complete', 'message', 'dialog-warning', 'window-attention', 'device-added', 'trash-empty', 'camera-shutter']),
  },
  ringing: {
    source: `${FREEDESKTOP_SOUNDS}: phone-incoming-call, alarm-clock-elapsed, service-login (0.4 s apart, looped)`,
    render: (dir, s) => soundSequence(dir, s, ['phone-incoming-call', 'alarm-clock-elapsed', 'service-login']),
  },
};

/**
 * Sounds of the freedesktop theme one after another, 0.4 s apart, looped to `seconds`. The
 * theme's `audio-channel-*` sounds are spoken words ("front left") and are not used.
 */
function soundSequence(tmpDir: string, seconds: number, names: readonly string[]): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  const sounds = names.map((name) => soxConvert(tmpDir, join(FREEDESKTOP_SOUNDS, `${name}.oga`)));
  for (let at = 0, i = 0; at < out.length; i++) {
    const sound = sounds[i % sounds.length];
    out.set(sound.subarray(0, out.length - at), at);
    at += sound.length + Math.round(0.4 * SAMPLE_RATE);
  }
  return out;
}

/** Chords of the piece, one per bar: root position triads as MIDI pitches. */
const CHORDS = [
  [60, 64, 67], // C
  [57, 60, 64], // Am
  [53, 57, 60], // F
  [55, 59, 62], // G
];
/** The lead melody over one pass of the chords, [pitch, beats]. */
const MELODY: [number, number][] = [
  [76, 1], [74, 1], [72, 2], [72, 1], [71, 1], [69, 2], [69, 1], [71, 1], [72, 2], [74, 2], [71, 2],
];

/** Renders the piece with timidity (freepats), looped to `seconds`. */
async function renderMusic(tmpDir: string, seconds: number, lead: boolean): Promise<Float32Array> {
  const bpm = 120;
  const beats = Math.ceil((seconds * bpm) / 60);
  const notes: MidiNote[] = [];
  for (let bar = 0; bar * 4 < beats; bar++) {
    const chord = CHORDS[bar % CHORDS.length];
    for (let beat = 0; beat < 4; beat++) {
      for (const pitch of chord) notes.push({ channel: 0, program: 0, pitch, start: bar * 4 + beat, length: 0.9, velocity: 70 });
    }
    notes.push({ channel: 1, program: 32, pitch: chord[0] - 24, start: bar * 4, length: 3.8, velocity: 90 });
  }
  if (lead) {
    for (let start = 0, i = 0; start < beats; i++) {
      const [pitch, length] = MELODY[i % MELODY.length];
      notes.push({ channel: 2, program: 53, pitch, start, length: length * 0.95, velocity: 100 });
      start += length;
    }
  }
  const midi = join(tmpDir, 'piece.mid');
  const wav = join(tmpDir, 'piece.wav');
  writeFileSync(midi, encodeMidi(notes, bpm));
  execFileSync('timidity', ['-c', FREEPATS_CONFIG, '-Ow', '--output-mono', '-s', String(SAMPLE_RATE), '-o', wav, midi], { stdio: 'ignore' });
  const samples = decodeWav(readFileSync(wav)).samples;
  return samples.slice(0, Math.round(seconds * SAMPLE_RATE));
}

/** Non-speech files: [noise, RMS level in dBFS]. Quiet and loud takes of the steady noises. */
const NON_SPEECH: [string, number][] = [
  ['white', -60], // near-silence: a quiet room through a clean preamp
  ['white', -30],
  ['pink', -35],
  ['pink', -20],
  ['brown', -25],
  ['hum', -30],
  ['fan', -30],
  ['breathing', -35],
  ['typing', -35],
  ['music', -25],
  ['music-lead', -25],
  ['alerts', -25],
  ['ringing', -25],
];

/**
 * The noise under each speech clip of `dev.tsv`, by the clip's row: row i gets
 * `SPEECH_NOISES[i % length]`, so every kind of noise lies under two or three clips (jfk.wav
 * pink noise, LDC93S1.wav the fan, arctic_a0024.wav the sung lead, LJ050-0131.wav typing).
 */
const SPEECH_NOISES = ['pink', 'fan', 'music-lead', 'typing', 'white', 'brown', 'hum', 'breathing', 'music', 'alerts', 'ringing'] as const;

/**
 * Every recipe of the corpus, in manifest order: the non-speech files, then every speech clip
 * of `dev.tsv` (its rows with a reference) under its noise at each of {@link SNRS_DB}.
 * @param sharedAudioDir `../shared/audio`, where the dev clips and `dev.tsv` are
 */
export function corpusRecipes(sharedAudioDir: string): CorpusRecipe[] {
  const speechClips = readFileSync(join(sharedAudioDir, 'dev.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t') as [string, string | undefined])
    .filter(([, reference]) => reference?.trim());
  const nonSpeech = NON_SPEECH.map(([noise, dbfs]): CorpusRecipe => ({
    file: `noise/${noise}_${dbfs}dBFS.wav`,
    reference: '',
    source: `${NOISES[noise].source}; RMS ${dbfs} dBFS`,
    render: async (tmpDir) => atLevel(await NOISES[noise].render(tmpDir, NOISE_SECONDS), dbfs),
  }));
  const noisySpeech = speechClips.flatMap(([clip, reference], row) => {
    const noise = SPEECH_NOISES[row % SPEECH_NOISES.length];
    return SNRS_DB.map((snr): CorpusRecipe => ({
      file: `speech/${clip.replace(/^dev\/|\.wav$/g, '')}_${noise}_${snr}dB.wav`,
      reference: reference!,
      snrDb: snr,
      source: `../shared/audio/${clip} + ${NOISES[noise].source}; SNR ${snr} dB (RMS over the whole clip)`,
      render: async (tmpDir) => {
        const speech = await loadAudio16k(join(sharedAudioDir, clip));
        const noiseSamples = atLevel(await NOISES[noise].render(tmpDir, speech.length / SAMPLE_RATE + 0.1), rmsDbfs(speech) - snr);
        const mix = speech.map((s, i) => s + noiseSamples[i]);
        // Scaling the whole mix keeps the SNR; PCM16 would clip peaks above full scale.
        const peak = mix.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
        return peak > 1 ? mix.map((s) => s / peak) : mix;
      },
    }));
  });
  return [...nonSpeech, ...noisySpeech];
}
