/**
 * RIFF/WAVE decoding and PCM16 encoding, with no Node or DOM dependencies (usable in the
 * browser, in workers and in Node).
 *
 * Format references: Microsoft "Multimedia Programming Interface and Data Specifications 1.0"
 * (1991, RIFF and WAVE `fmt `/`data` chunks), Microsoft "Multiple channel audio data and WAVE
 * files" (WAVE_FORMAT_EXTENSIBLE, KSDATAFORMAT_SUBTYPE_* GUIDs), and the conventions libsndfile
 * and sox follow (8-bit PCM is unsigned, wider PCM is signed little-endian, chunks are padded to
 * an even size).
 */

/** A decoded WAV file, downmixed to mono. */
export interface DecodedWav {
  /** Mono samples in [-1, 1] (float files may exceed it; they are not clipped). One per frame. */
  samples: Float32Array;
  /** Sample rate, Hz. */
  sampleRate: number;
  /** Channels in the file (before the downmix). */
  channels: number;
  /** Bits per sample of the stored data (container size, e.g. 16, 24, 32, 64). */
  bitsPerSample: number;
  /** Effective format code: 1 (integer PCM) or 3 (IEEE float), also for WAVE_FORMAT_EXTENSIBLE. */
  formatCode: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of common non-supported format codes, for error messages. */
const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
};

/** Bytes 2..15 shared by every KSDATAFORMAT_SUBTYPE_* GUID (…-0000-0010-8000-00AA00389B71). */
const KSDATAFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Options of {@link decodeWav}. */
export interface DecodeWavOptions {
  /**
   * Accept a data chunk that declares more bytes than the file holds and decode what is
   * present, instead of throwing. Needed for files written to a pipe by encoders that leave a
   * placeholder size (sox writes 0x7FFFF000) and for recordings cut off mid-write. Default false.
   */
  allowTruncated?: boolean;
}

/** A data size of 0xFFFFFFFF means "unknown length" (written by streaming encoders): read to EOF. */
const UNKNOWN_SIZE = 0xffffffff;

function fourCC(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function formatName(code: number): string {
  const name = FORMAT_NAMES[code];
  return name ? `${code} (${name})` : `${code} (0x${code.toString(16).padStart(4, '0')})`;
}

/**
 * Decodes a RIFF/WAVE file to mono Float32.
 *
 * Supported: integer PCM of 8 (unsigned), 16, 24 and 32 bits (any bit depth up to 32 stored in
 * 1–4 byte containers), IEEE float of 32 and 64 bits, WAVE_FORMAT_EXTENSIBLE wrapping either,
 * any number of channels (averaged to mono), chunks in any order, odd-sized chunks with their
 * pad byte (or without it at end of file), and a data size of 0xFFFFFFFF (read to EOF).
 * Integer PCM is scaled by 1/2^(bits−1) over the container size, so 16-bit −32768 maps to −1.
 * The RIFF size field is ignored (writers often get it wrong).
 *
 * @param bytes the whole file.
 * @param options see {@link DecodeWavOptions} (`allowTruncated`).
 * @returns mono samples, frames = data bytes / block align (a trailing partial frame is dropped).
 * @throws Error naming the problem: file too short, not RIFF (or RIFX/RF64, unsupported), not
 *   WAVE, no `fmt ` chunk, `fmt ` chunk too short, unsupported format code N, unsupported bit
 *   depth, 0 channels or 0 Hz, block align too small, no `data` chunk, truncated data chunk
 *   (unless `options.allowTruncated`).
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer, options: DecodeWavOptions = {}): DecodedWav {
  // Test for Uint8Array (not ArrayBuffer): an ArrayBuffer from another realm fails instanceof.
  const view =
    bytes instanceof Uint8Array
      ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : new DataView(bytes);
  const size = view.byteLength;
  if (size < 12) throw new Error(`Invalid WAV: file is ${size} bytes, too short for a RIFF header (12 bytes)`);
  const riff = fourCC(view, 0);
  if (riff !== 'RIFF') {
    if (riff === 'RIFX') throw new Error('Unsupported WAV: big-endian RIFX files are not supported');
    if (riff === 'RF64') throw new Error('Unsupported WAV: RF64 (64-bit RIFF) files are not supported');
    throw new Error(`Invalid WAV: not a RIFF file (starts with ${JSON.stringify(riff)}, expected "RIFF")`);
  }
  const wave = fourCC(view, 8);
  if (wave !== 'WAVE') throw new Error(`Invalid WAV: RIFF form type is ${JSON.stringify(wave)}, expected "WAVE"`);

  // Scan chunks.
  let fmtOffset = -1;
  let fmtSize = 0;
  let dataOffset = -1;
  let dataSize = 0;
  let offset = 12;
  while (offset + 8 <= size) {
    const id = fourCC(view, offset);
    const chunkSize = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const available = size - body;
    if (id === 'fmt ') {
      if (chunkSize > available) {
        throw new Error(`Invalid WAV: truncated "fmt " chunk (declares ${chunkSize} bytes, ${available} present)`);
      }
      if (fmtOffset < 0) {
        fmtOffset = body;
        fmtSize = chunkSize;
      }
    } else if (id === 'data') {
      if (dataOffset < 0) {
        if (chunkSize === UNKNOWN_SIZE) {
          dataOffset = body;
          dataSize = available;
          break;
        }
        if (chunkSize > available) {
          if (!options.allowTruncated) {
            throw new Error(
              `Invalid WAV: truncated data chunk (declares ${chunkSize} bytes, only ${available} present)`,
            );
          }
          dataOffset = body;
          dataSize = available;
          break;
        }
        dataOffset = body;
        dataSize = chunkSize;
      }
    } else if (chunkSize > available) {
      // A damaged trailing chunk (e.g. metadata cut off): ignore it and stop scanning.
      break;
    }
    offset = body + chunkSize + (chunkSize & 1);
  }
  if (fmtOffset < 0) throw new Error('Invalid WAV: no "fmt " chunk');
  if (fmtSize < 16) throw new Error(`Invalid WAV: "fmt " chunk is ${fmtSize} bytes, need at least 16`);

  let formatCode = view.getUint16(fmtOffset, true);
  const channels = view.getUint16(fmtOffset + 2, true);
  const sampleRate = view.getUint32(fmtOffset + 4, true);
  const blockAlign = view.getUint16(fmtOffset + 12, true);
  const bitsPerSample = view.getUint16(fmtOffset + 14, true);

  if (formatCode === WAVE_FORMAT_EXTENSIBLE) {
    if (fmtSize < 40) {
      throw new Error(`Invalid WAV: WAVE_FORMAT_EXTENSIBLE "fmt " chunk is ${fmtSize} bytes, need 40`);
    }
    // cbSize (16), wValidBitsPerSample (18), dwChannelMask (20), SubFormat GUID (24..39).
    for (let k = 0; k < KSDATAFORMAT_GUID_TAIL.length; k++) {
      if (view.getUint8(fmtOffset + 26 + k) !== KSDATAFORMAT_GUID_TAIL[k]) {
        throw new Error('Unsupported WAV: WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a KSDATAFORMAT_SUBTYPE');
      }
    }
    formatCode = view.getUint16(fmtOffset + 24, true);
  }
  if (formatCode !== WAVE_FORMAT_PCM && formatCode !== WAVE_FORMAT_IEEE_FLOAT) {
    throw new Error(`Unsupported WAV: format code ${formatName(formatCode)}; only PCM (1) and IEEE float (3)`);
  }
  if (channels === 0) throw new Error('Invalid WAV: "fmt " chunk declares 0 channels');
  if (sampleRate === 0) throw new Error('Invalid WAV: "fmt " chunk declares a sample rate of 0 Hz');
  if (formatCode === WAVE_FORMAT_PCM && (bitsPerSample < 1 || bitsPerSample > 32)) {
    throw new Error(`Unsupported WAV: ${bitsPerSample}-bit integer PCM (supported: 1 to 32 bits)`);
  }
  if (formatCode === WAVE_FORMAT_IEEE_FLOAT && bitsPerSample !== 32 && bitsPerSample !== 64) {
    throw new Error(`Unsupported WAV: ${bitsPerSample}-bit IEEE float (supported: 32 and 64 bits)`);
  }
  const bytesPerSample = Math.ceil(bitsPerSample / 8);
  if (blockAlign < channels * bytesPerSample) {
    throw new Error(
      `Invalid WAV: block align ${blockAlign} is smaller than ${channels} channels × ${bytesPerSample} bytes`,
    );
  }
  if (dataOffset < 0) throw new Error('Invalid WAV: no "data" chunk');

  const frames = Math.floor(dataSize / blockAlign);
  const samples = new Float32Array(frames);
  const read = sampleReader(view, formatCode, bytesPerSample);
  const scale = 1 / channels;
  for (let f = 0; f < frames; f++) {
    const base = dataOffset + f * blockAlign;
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += read(base + c * bytesPerSample);
    samples[f] = channels === 1 ? acc : acc * scale;
  }
  return { samples, sampleRate, channels, bitsPerSample: bytesPerSample * 8, formatCode };
}

/** A reader of one sample at a byte offset, scaled to [-1, 1]. */
function sampleReader(view: DataView, formatCode: number, bytesPerSample: number): (offset: number) => number {
  if (formatCode === WAVE_FORMAT_IEEE_FLOAT) {
    return bytesPerSample === 4 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  }
  switch (bytesPerSample) {
    case 1:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 2:
      return (o) => view.getInt16(o, true) / 32768;
    case 3:
      return (o) => {
        const v = view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16);
        return v / 8388608;
      };
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}

/**
 * Encodes mono samples as a canonical 44-byte-header PCM 16-bit little-endian WAV file.
 *
 * Samples are clipped to [-1, 1], scaled by 32768, rounded to nearest and clamped to
 * [−32768, 32767]; NaN becomes 0. So decodeWav(encodeWav16(x)) returns x exactly when x is
 * already on the 1/32768 grid (e.g. decoded from a 16-bit file), and within 1/65536 otherwise.
 *
 * @param samples mono samples, nominally in [-1, 1].
 * @param sampleRate sample rate, Hz (positive integer).
 * @returns the file bytes.
 * @throws RangeError if sampleRate is not a positive integer or the data exceeds 4 GiB.
 */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new RangeError(`encodeWav16: sampleRate must be a positive integer, got ${sampleRate}`);
  }
  const dataBytes = samples.length * 2;
  if (dataBytes + 36 > 0xffffffff) throw new RangeError('encodeWav16: data too large for a RIFF file (4 GiB)');
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const writeId = (offset: number, id: string): void => {
    for (let k = 0; k < 4; k++) view.setUint8(offset + k, id.charCodeAt(k));
  };
  writeId(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeId(8, 'WAVE');
  writeId(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true); // channels
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  writeId(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    let v = x === x ? Math.round(x * 32768) : 0; // x === x is false only for NaN
    if (v > 32767) v = 32767;
    else if (v < -32768) v = -32768;
    view.setInt16(44 + 2 * i, v, true);
  }
  return out;
}
