import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAudio16k, readWavFile } from '../../src/audio-file/read-wav-file';
import { decodeWav, encodeWav16 } from '../../src/audio-file/wav';

/** Shared corpus, outside the repository: /work/shared/audio (repo is /work/main). */
const audio = (name: string): URL => new URL(`../../../shared/audio/${name}`, import.meta.url);
const JFK = audio('dev/jfk.wav');
const ALSA_48K = audio('dev/alsa_front_center_48k.wav');

// ---------------------------------------------------------------------------------------------
// A minimal WAV builder for synthetic fixtures (independent of encodeWav16).

interface Chunk {
  id: string;
  body: Uint8Array;
  /** Override the size field (to fake truncation / unknown length). */
  declaredSize?: number;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** RIFF container with the given chunks (odd chunks get their pad byte unless `noPad`). */
function riff(chunks: Chunk[], { form = 'WAVE', magic = 'RIFF', noPad = false } = {}): Uint8Array {
  const parts: Uint8Array[] = [ascii(magic), new Uint8Array(4), ascii(form)];
  chunks.forEach((c, idx) => {
    const header = new Uint8Array(8);
    header.set(ascii(c.id));
    new DataView(header.buffer).setUint32(4, c.declaredSize ?? c.body.length, true);
    parts.push(header, c.body);
    const last = idx === chunks.length - 1;
    if (c.body.length % 2 === 1 && !(noPad && last)) parts.push(new Uint8Array(1));
  });
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  new DataView(out.buffer).setUint32(4, total - 8, true);
  return out;
}

interface FmtSpec {
  format: number;
  channels: number;
  rate: number;
  bits: number;
  blockAlign?: number;
  /** WAVE_FORMAT_EXTENSIBLE: the sub-format code and valid bits. */
  ext?: { subFormat: number; validBits: number; badGuid?: boolean };
}

/** A `fmt ` chunk: format code, channels, rate (Hz), bits per sample, and extras. */
function fmt(
  format: number,
  channels: number,
  rate: number,
  bits: number,
  extra: Pick<FmtSpec, 'blockAlign' | 'ext'> = {},
): Chunk {
  const spec: FmtSpec = { format, channels, rate, bits, ...extra };
  const bytes = Math.ceil(spec.bits / 8);
  const blockAlign = spec.blockAlign ?? spec.channels * bytes;
  const body = new Uint8Array(spec.ext ? 40 : 16);
  const v = new DataView(body.buffer);
  v.setUint16(0, spec.ext ? 0xfffe : spec.format, true);
  v.setUint16(2, spec.channels, true);
  v.setUint32(4, spec.rate, true);
  v.setUint32(8, spec.rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, spec.bits, true);
  if (spec.ext) {
    v.setUint16(16, 22, true);
    v.setUint16(18, spec.ext.validBits, true);
    v.setUint32(20, 0, true);
    v.setUint16(24, spec.ext.subFormat, true);
    // …-0000-0010-8000-00AA00389B71
    body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
    if (spec.ext.badGuid) body[39] = 0x00;
  }
  return { id: 'fmt ', body };
}

/** Interleaved frames → data chunk, writing each value with `write(view, offset, value)`. */
function data(
  frames: number[][],
  bytes: number,
  write: Writer,
): Chunk {
  const channels = frames[0]?.length ?? 1;
  const body = new Uint8Array(frames.length * channels * bytes);
  const v = new DataView(body.buffer);
  frames.forEach((f, i) => f.forEach((x, c) => write(v, (i * channels + c) * bytes, x)));
  return { id: 'data', body };
}

type Writer = (v: DataView, o: number, x: number) => void;
const u8: Writer = (v, o, x) => v.setUint8(o, x);
const int16: Writer = (v, o, x) => v.setInt16(o, x, true);
const int24: Writer = (v, o, x) => {
  v.setUint8(o, x & 0xff);
  v.setUint8(o + 1, (x >> 8) & 0xff);
  v.setUint8(o + 2, (x >> 16) & 0xff);
};
const int32: Writer = (v, o, x) => v.setInt32(o, x, true);
const float32: Writer = (v, o, x) => v.setFloat32(o, x, true);
const float64: Writer = (v, o, x) => v.setFloat64(o, x, true);

/** Bitwise equality of two sample arrays (vitest's deep equality is slow on 10⁵ elements). */
function expectSameSamples(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  expect(a.equals(b)).toBe(true);
}

// ---------------------------------------------------------------------------------------------

describe('decodeWav on the shared corpus (facts checked with `sox --i`)', () => {
  it('jfk.wav: 16 kHz mono 16-bit, 176000 samples = 11.00 s (has a LIST chunk before data)', () => {
    const bytes = readFileSync(JFK);
    expect(String.fromCharCode(...bytes.subarray(36, 40))).toBe('LIST');
    const wav = decodeWav(bytes);
    expect(wav.sampleRate).toBe(16000);
    expect(wav.channels).toBe(1);
    expect(wav.bitsPerSample).toBe(16);
    expect(wav.formatCode).toBe(1);
    expect(wav.samples.length).toBe(176000);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(11.0, 6);
    let peak = 0;
    for (const x of wav.samples) peak = Math.max(peak, Math.abs(x));
    expect(peak).toBeLessThanOrEqual(1);
    expect(peak).toBeGreaterThan(0.1); // real speech, not silence
  });

  it('alsa_front_center_48k.wav: 48 kHz mono 16-bit, 68545 samples ≈ 1.43 s', () => {
    const wav = decodeWav(readFileSync(ALSA_48K));
    expect(wav.sampleRate).toBe(48000);
    expect(wav.channels).toBe(1);
    expect(wav.bitsPerSample).toBe(16);
    expect(wav.samples.length).toBe(68545);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(1.428, 3);
  });

  it('accepts an ArrayBuffer and a Uint8Array view with a byte offset alike', () => {
    const file = readFileSync(JFK);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    const fromView = decodeWav(padded.subarray(3));
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    const fromBuffer = decodeWav(ab);
    expectSameSamples(fromView.samples, fromBuffer.samples);
    expect(fromBuffer.samples.length).toBe(176000);
  });

  it('encodeWav16(decodeWav(x)) reproduces the 16-bit samples byte for byte', () => {
    const file = readFileSync(JFK);
    const wav = decodeWav(file);
    const again = encodeWav16(wav.samples, wav.sampleRate);
    // jfk.wav's data chunk: find it and compare payloads.
    const text = file.toString('latin1');
    const at = text.indexOf('data');
    const size = file.readUInt32LE(at + 4);
    expect(size).toBe(176000 * 2);
    expect(Buffer.from(again.subarray(44)).equals(file.subarray(at + 8, at + 8 + size))).toBe(true);
  });
});

describe('readWavFile / loadAudio16k (Node)', () => {
  it('readWavFile accepts a path string and a file URL', async () => {
    const a = await readWavFile(fileURLToPath(JFK));
    const b = await readWavFile(JFK);
    expect(a.samples.length).toBe(176000);
    expectSameSamples(b.samples, a.samples);
  });

  it('loadAudio16k returns 16 kHz files unchanged', async () => {
    const wav = await readWavFile(JFK);
    expectSameSamples(await loadAudio16k(JFK), wav.samples);
  });

  it('loadAudio16k resamples 48 kHz to ⌈68545 / 3⌉ = 22849 samples, level preserved', async () => {
    const wav = await readWavFile(ALSA_48K);
    const y = await loadAudio16k(ALSA_48K);
    expect(y.length).toBe(22849);
    const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    // Speech energy is below 7.2 kHz: the RMS changes by well under 1 dB.
    expect(Math.abs(20 * Math.log10(rms(y) / rms(wav.samples)))).toBeLessThan(1);
  });

  it('prefixes decode errors with the path and propagates fs errors', async () => {
    await expect(readWavFile(audio('dev.tsv'))).rejects.toThrow(/dev\.tsv: Invalid WAV: not a RIFF file/);
    await expect(readWavFile(audio('no-such-file.wav'))).rejects.toThrow(/ENOENT/);
  });
});

describe('decodeWav formats (synthetic files)', () => {
  it('8-bit PCM is unsigned (128 = 0)', () => {
    const wav = decodeWav(
      riff([fmt(1, 1, 8000, 8), data([[0], [128], [255], [192]], 1, u8)]),
    );
    expect(Array.from(wav.samples)).toEqual([-1, 0, 127 / 128, 0.5]);
    expect(wav.sampleRate).toBe(8000);
  });

  it('16-bit PCM', () => {
    const frames = [[-32768], [0], [16384], [32767]];
    const wav = decodeWav(riff([fmt(1, 1, 16000, 16), data(frames, 2, int16)]));
    expect(Array.from(wav.samples)).toEqual([-1, 0, 0.5, 32767 / 32768]);
  });

  it('24-bit PCM (sign extension of the top byte)', () => {
    const frames = [[-8388608], [-1], [4194304], [8388607]];
    const wav = decodeWav(riff([fmt(1, 1, 44100, 24), data(frames, 3, int24)]));
    expect(Array.from(wav.samples)).toEqual([-1, -1 / 8388608, 0.5, Math.fround(8388607 / 8388608)]);
  });

  it('32-bit PCM', () => {
    const wav = decodeWav(
      riff([fmt(1, 1, 48000, 32), data([[-2147483648], [1073741824]], 4, int32)]),
    );
    expect(Array.from(wav.samples)).toEqual([-1, 0.5]);
  });

  it('32- and 64-bit IEEE float (values outside [-1, 1] are kept)', () => {
    const f32 = decodeWav(
      riff([fmt(3, 1, 16000, 32), data([[0.25], [-1.5]], 4, float32)]),
    );
    expect(Array.from(f32.samples)).toEqual([0.25, -1.5]);
    expect(f32.formatCode).toBe(3);
    const f64 = decodeWav(
      riff([fmt(3, 1, 16000, 64), data([[0.125], [-0.75]], 8, float64)]),
    );
    expect(Array.from(f64.samples)).toEqual([0.125, -0.75]);
    expect(f64.bitsPerSample).toBe(64);
  });

  it('WAVE_FORMAT_EXTENSIBLE: 24 valid bits in 32-bit containers, and float', () => {
    const pcm = decodeWav(
      riff([
        fmt(0xfffe, 1, 48000, 32, { ext: { subFormat: 1, validBits: 24 } }),
        data([[0x40000000], [-0x80000000]], 4, int32),
      ]),
    );
    expect(Array.from(pcm.samples)).toEqual([0.5, -1]);
    expect(pcm.formatCode).toBe(1);
    const flt = decodeWav(
      riff([
        fmt(0xfffe, 1, 48000, 32, { ext: { subFormat: 3, validBits: 32 } }),
        data([[0.5]], 4, float32),
      ]),
    );
    expect(Array.from(flt.samples)).toEqual([0.5]);
  });

  it('downmixes any number of channels to their mean', () => {
    const frames = [
      [16384, -16384],
      [16384, 0],
      [8192, 8192],
    ];
    const stereo = decodeWav(riff([fmt(1, 2, 16000, 16), data(frames, 2, int16)]));
    expect(stereo.channels).toBe(2);
    expect(Array.from(stereo.samples)).toEqual([0, 0.25, 0.25]);
    const six = decodeWav(
      riff([
        fmt(0xfffe, 6, 48000, 16, { ext: { subFormat: 1, validBits: 16 } }),
        data([[6 * 1024, 0, 0, 0, 0, 0]], 2, int16),
      ]),
    );
    expect(six.channels).toBe(6);
    expect(six.samples[0]).toBeCloseTo(1024 / 32768, 12);
  });

  it('skips unknown and odd-sized chunks (with their pad byte), in any order', () => {
    const samples = [[1000], [-1000], [5]];
    const wav = decodeWav(
      riff([
        { id: 'junk', body: new Uint8Array(3) }, // odd: padded to 4
        { id: 'LIST', body: ascii('INFOISFT') },
        data(samples, 2, int16), // data before fmt
        { id: 'odd!', body: new Uint8Array(5) },
        fmt(1, 1, 22050, 16),
      ]),
    );
    expect(Array.from(wav.samples)).toEqual([1000 / 32768, -1000 / 32768, 5 / 32768]);
    expect(wav.sampleRate).toBe(22050);
  });

  it('an odd-sized data chunk at end of file may lack its pad byte', () => {
    // 8-bit, 3 samples: data is 3 bytes, no pad byte at EOF.
    const bytes = riff([fmt(1, 1, 8000, 8), data([[128], [0], [255]], 1, u8)], { noPad: true });
    expect(bytes.length % 2).toBe(1);
    expect(decodeWav(bytes).samples.length).toBe(3);
  });

  it('drops a trailing partial frame', () => {
    const d = data([[1, 2], [3, 4]], 2, int16);
    const cut: Chunk = { id: 'data', body: d.body.subarray(0, 6) }; // 1.5 stereo frames
    expect(decodeWav(riff([fmt(1, 2, 16000, 16), cut])).samples.length).toBe(1);
  });

  it('data size 0xFFFFFFFF (unknown length) reads to end of file', () => {
    const d = data([[100], [200]], 2, int16);
    const wav = decodeWav(riff([fmt(1, 1, 16000, 16), { ...d, declaredSize: 0xffffffff }]));
    expect(wav.samples.length).toBe(2);
  });

  it('a damaged trailing metadata chunk after the data is ignored', () => {
    const bytes = riff([
      fmt(1, 1, 16000, 16),
      data([[7]], 2, int16),
      { id: 'LIST', body: new Uint8Array(4), declaredSize: 1000 },
    ]);
    expect(decodeWav(bytes).samples.length).toBe(1);
  });
});

describe('decodeWav errors', () => {
  const goodFmt = fmt(1, 1, 16000, 16);
  const goodData = data([[1], [2]], 2, int16);
  const ext = (subFormat: number, badGuid = false): Chunk =>
    fmt(0xfffe, 1, 8000, 16, { ext: { subFormat, validBits: 16, badGuid } });

  it.each<[string, Uint8Array, RegExp]>([
    ['empty input', new Uint8Array(0), /0 bytes, too short/],
    ['not RIFF', ascii('ID3\u0004 this is an mp3 file'), /not a RIFF file \(starts with "ID3/],
    ['RIFX', riff([goodFmt, goodData], { magic: 'RIFX' }), /big-endian RIFX/],
    ['RF64', riff([goodFmt, goodData], { magic: 'RF64' }), /RF64/],
    ['RIFF but not WAVE', riff([goodData], { form: 'AVI ' }), /form type is "AVI ", expected "WAVE"/],
    ['no fmt chunk', riff([goodData]), /no "fmt " chunk/],
    ['fmt too short', riff([{ id: 'fmt ', body: new Uint8Array(14) }, goodData]), /"fmt " chunk is 14 bytes/],
    ['truncated fmt', riff([{ id: 'fmt ', body: new Uint8Array(16), declaredSize: 40 }]), /truncated "fmt " chunk/],
    ['no data chunk', riff([goodFmt, { id: 'LIST', body: new Uint8Array(4) }]), /no "data" chunk/],
    ['ADPCM', riff([fmt(2, 1, 16000, 4), goodData]), /unsupported.*code 2 \(Microsoft ADPCM\)/i],
    ['mu-law', riff([fmt(7, 1, 8000, 8), goodData]), /format code 7 \(mu-law\)/],
    ['unknown code', riff([fmt(0x1234, 1, 8000, 8), goodData]), /format code 4660 \(0x1234\)/],
    ['extensible, bad GUID', riff([ext(1, true), goodData]), /sub-format GUID/],
    ['extensible, ADPCM sub-format', riff([ext(2), goodData]), /format code 2/],
    ['16-bit float', riff([fmt(3, 1, 8000, 16), goodData]), /16-bit IEEE float/],
    ['48-bit PCM', riff([fmt(1, 1, 8000, 48), goodData]), /48-bit integer PCM/],
    ['0 channels', riff([fmt(1, 0, 8000, 16), goodData]), /0 channels/],
    ['0 Hz', riff([fmt(1, 1, 0, 16), goodData]), /sample rate of 0 Hz/],
    ['block align too small', riff([fmt(1, 2, 8000, 16, { blockAlign: 2 }), goodData]), /block align 2 is/],
    [
      'truncated data',
      riff([goodFmt, { ...goodData, declaredSize: 1000 }]),
      /truncated data chunk \(declares 1000 bytes, only 4 present\)/,
    ],
  ])('%s', (_name, bytes, message) => {
    expect(() => decodeWav(bytes)).toThrow(message);
  });

  it('allowTruncated decodes what a truncated data chunk holds (sox writes 0x7FFFF000 to pipes)', () => {
    const bytes = riff([goodFmt, { ...goodData, declaredSize: 0x7ffff000 }]);
    expect(() => decodeWav(bytes)).toThrow(/truncated data chunk/);
    const { samples } = decodeWav(bytes, { allowTruncated: true });
    expect(Array.from(samples)).toEqual([1 / 32768, 2 / 32768]);
  });
});

describe('encodeWav16', () => {
  it('writes a canonical 44-byte PCM16 mono header', () => {
    const bytes = encodeWav16(new Float32Array(3), 16000);
    const v = new DataView(bytes.buffer);
    const id = (o: number): string => String.fromCharCode(...bytes.subarray(o, o + 4));
    expect(bytes.length).toBe(44 + 6);
    expect([id(0), id(8), id(12), id(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(v.getUint32(4, true)).toBe(36 + 6);
    expect(v.getUint32(16, true)).toBe(16);
    expect(v.getUint16(20, true)).toBe(1); // PCM
    expect(v.getUint16(22, true)).toBe(1); // mono
    expect(v.getUint32(24, true)).toBe(16000);
    expect(v.getUint32(28, true)).toBe(32000); // byte rate
    expect(v.getUint16(32, true)).toBe(2); // block align
    expect(v.getUint16(34, true)).toBe(16);
    expect(v.getUint32(40, true)).toBe(6);
  });

  it('round-trips through decodeWav: exact on the 1/32768 grid, within 1/65536 otherwise', () => {
    const grid = Float32Array.from({ length: 2000 }, (_, i) => (((i * 7919) % 65536) - 32768) / 32768);
    const a = decodeWav(encodeWav16(grid, 16000));
    expect(a.sampleRate).toBe(16000);
    expect(a.channels).toBe(1);
    expect(a.samples).toEqual(grid);

    const arbitrary = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i * 0.01234) * 0.9);
    const b = decodeWav(encodeWav16(arbitrary, 48000));
    expect(b.sampleRate).toBe(48000);
    for (let i = 0; i < arbitrary.length; i++) {
      expect(Math.abs(b.samples[i]! - arbitrary[i]!)).toBeLessThanOrEqual(1 / 65536 + 1e-9);
    }
  });

  it('clips to [-1, 1] and maps NaN to 0', () => {
    const out = decodeWav(encodeWav16(Float32Array.from([2, -2, 1, -1, Number.NaN]), 8000)).samples;
    expect(Array.from(out)).toEqual([32767 / 32768, -1, 32767 / 32768, -1, 0].map(Math.fround));
  });

  it('rejects invalid sample rates', () => {
    expect(() => encodeWav16(new Float32Array(1), 0)).toThrow(RangeError);
    expect(() => encodeWav16(new Float32Array(1), 16000.5)).toThrow(/sampleRate/);
  });

  it('encodes an empty signal as a valid empty file', () => {
    const wav = decodeWav(encodeWav16(new Float32Array(0), 16000));
    expect(wav.samples.length).toBe(0);
  });
});
