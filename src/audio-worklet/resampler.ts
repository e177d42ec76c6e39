/**
 * Streaming rational polyphase resampler (windowed-sinc, Kaiser window).
 *
 * Converts mono Float32 audio from any integer input rate (44.1 kHz and 48 kHz are the usual
 * microphone rates; 8, 11.025, 16, 22.05, 24, 32, 88.2, 96, 192 kHz… all work) to an integer
 * output rate, 16 kHz by default (Whisper and Silero VAD both want 16 kHz).
 *
 * ## Algorithm
 *
 * Conceptually the input is upsampled by L (zero stuffing), low-pass filtered by a prototype
 * FIR h[k] and decimated by M, with L/M = outRate/inRate reduced by their gcd
 * (Crochiere & Rabiner, "Multirate Digital Signal Processing", 1983, ch. 2–3). The polyphase
 * form never computes the zeros or the discarded samples: output n falls at input time
 * τ = n·M/L; writing τ + D = i + r/L (D = filter delay) it is the dot product of the K most
 * recent inputs x[i], x[i−1], …, x[i−K+1] with row r of a precomputed table (one row per
 * phase r ∈ [0, L)). This is the bandlimited-interpolation view of J. O. Smith,
 * "Digital Audio Resampling Home Page" (https://ccrma.stanford.edu/~jos/resample/), with the
 * table sampled exactly at the L phases the ratio visits, so no coefficient interpolation is
 * needed. Each output costs K multiply-adds (K = taps per phase).
 *
 * When L is large (an unusual rate such as 44 056 Hz gives L = 2000) an exact table would be
 * too big; the table then holds {@link INTERPOLATED_PHASES} + 1 phases and coefficients are
 * linearly interpolated between neighbouring phases, as in Smith's resample (2 K
 * multiply-adds per output). The time base stays exact (integer phase accumulator).
 *
 * ## Filter design (Kaiser window method)
 *
 * Let F = min(inRate, outRate) / 2 be the lower Nyquist frequency. Defaults: passband edge
 * 0.9 F, stopband edge 1.0 F (so the −6 dB cutoff is 0.95 F, e.g. 7.6 kHz for 16 kHz
 * output, and nothing that would alias into 0…F survives), stopband attenuation A = 90 dB.
 * Per Kaiser (1974), also Oppenheim & Schafer, "Discrete-Time Signal Processing", 3rd ed.,
 * §7.5.3, eqs. 7.62–7.63:
 *
 *   β = 0.1102 (A − 8.7)                                  for A > 50 dB
 *   β = 0.5842 (A − 21)^0.4 + 0.07886 (A − 21)             for 21 ≤ A ≤ 50 dB
 *   order N = (A − 8) / (2.285 Δω),  Δω = 2π (f_stop − f_pass) / inRate   [input samples]
 *
 * The prototype is the ideal low-pass 2·fc·sinc(2·fc·u) (u in input samples, fc in cycles per
 * input sample) times the Kaiser window w(u) = I0(β √(1 − (u/D)²)) / I0(β) on |u| ≤ D,
 * D = (K − 1)/2, K = the smallest odd integer ≥ N + 1. Each phase row is normalised to sum to
 * exactly 1, so DC gain is 1 for every phase (no phase-dependent ripple on DC).
 *
 * Typical sizes (defaults, 16 kHz out): 48 kHz → L/M = 1/3, K = 345; 44.1 kHz → 160/441,
 * K = 317 (table 160 × 317); 96 kHz → 1/6, K = 687; 8 kHz → 2/1, K = 117.
 * Measured at 48 and 44.1 kHz: passband 0–7.2 kHz flat within ±0.01 dB, −6.02 dB at 7.6 kHz,
 * stopband ≤ −89.7 dB everywhere from 8.0 kHz up (prototype DTFT; worst lobe near 8.02 kHz),
 * tones through the resampler: −92 dB at 8.1 kHz, −104 dB at 10 kHz (test/unit/resampler.test.ts).
 *
 * ## Latency and alignment
 *
 * The filter is linear phase with a delay of D = (K − 1)/2 input samples. The resampler
 * compensates it in the time base: output sample n always represents input time
 * n·inRate/outRate exactly (zero group delay relative to the input clock), and the price is
 * latency: output n is produced only once input sample ⌊n·M/L⌋ + D has arrived. So after
 * T input samples, ⌈(T − D)·L/M⌉ outputs exist (for T > D). See {@link Resampler.latencySamples}.
 * Defaults: D = 172 input samples = 3.58 ms at 48 kHz; D = 158 = 3.58 ms at 44.1 kHz.
 *
 * ## Streaming
 *
 * A history of the last K − 1 inputs is carried across calls, so feeding a signal in blocks of
 * any size (e.g. 128-sample AudioWorklet render quanta) gives bit-identical output to one big
 * call. {@link Resampler.process} writes into a caller-provided buffer and allocates nothing.
 */

/** Default output rate: 16 kHz, what Whisper and Silero VAD consume. */
export const DEFAULT_OUTPUT_RATE = 16000;

/**
 * Largest L (phases) stored exactly. Standard rates stay far below it (11.025 kHz → 16 kHz
 * needs 640); above it the table is sampled at {@link INTERPOLATED_PHASES} phases and
 * interpolated.
 */
export const MAX_EXACT_PHASES = 1024;

/**
 * Phases per input sample of the interpolated table (Smith's table oversampling). With linear
 * interpolation between phases the response is indistinguishable from the exact table at the
 * 90 dB design (measured at 44 056 Hz: passband ±0.01 dB, stopband ≤ −88 dB).
 */
export const INTERPOLATED_PHASES = 512;

/** Input samples copied into the working buffer per inner iteration (bounds its size). */
const CHUNK = 2048;

/** Filter design options. Frequencies are fractions of min(inRate, outRate) / 2. */
export interface ResamplerOptions {
  /** Passband edge as a fraction of the lower Nyquist frequency. Default 0.9. */
  passbandEdge?: number;
  /** Stopband edge as a fraction of the lower Nyquist frequency. Default 1.0. */
  stopbandEdge?: number;
  /** Stopband attenuation target A in dB (Kaiser design). Default 90. */
  attenuationDb?: number;
}

/** Greatest common divisor of two non-negative integers (Euclid). */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Zeroth-order modified Bessel function of the first kind, I0(x), by its power series
 * Σ ((x/2)^k / k!)² (Abramowitz & Stegun 9.6.12), summed until terms fall below 1e-17
 * relative. Converges quickly for the β ≤ 20 used by Kaiser windows.
 */
export function besselI0(x: number): number {
  const half = x / 2;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    const f = half / k;
    term *= f * f;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * Kaiser window β for a stopband attenuation of `attenuationDb` dB (Kaiser 1974;
 * Oppenheim & Schafer eq. 7.62).
 */
export function kaiserBeta(attenuationDb: number): number {
  const a = attenuationDb;
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
  return 0;
}

/**
 * Kaiser's estimate of the FIR order N (length N + 1) that reaches `attenuationDb` dB with a
 * transition band of `transitionWidth` cycles per sample (Oppenheim & Schafer eq. 7.63:
 * N = (A − 8) / (2.285 Δω), Δω = 2π·transitionWidth).
 */
export function kaiserOrder(attenuationDb: number, transitionWidth: number): number {
  return (attenuationDb - 8) / (2.285 * 2 * Math.PI * transitionWidth);
}

function assertRate(name: string, rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new RangeError(`Resampler: ${name} must be a positive integer number of Hz, got ${rate}`);
  }
}

/**
 * Streaming resampler from `inRate` to `outRate` (both integer Hz). One instance handles one
 * mono stream; keep one per stream. Not thread-safe (there are no threads in a worklet).
 */
export class Resampler {
  /** Input sample rate, Hz. */
  readonly inRate: number;
  /** Output sample rate, Hz. */
  readonly outRate: number;
  /** Upsampling factor L = outRate / gcd. */
  readonly up: number;
  /** Downsampling factor M = inRate / gcd. */
  readonly down: number;
  /** Taps per phase K (multiply-adds per output sample; twice that in interpolated mode). 1 for identity. */
  readonly tapsPerPhase: number;
  /** Table phases: L in exact mode, {@link INTERPOLATED_PHASES} in interpolated mode, 1 for identity. */
  readonly phases: number;
  /** True when the table is sampled at L exact phases (false: interpolated between phases). */
  readonly exactPhases: boolean;
  /** True when inRate === outRate: samples are copied unchanged. */
  readonly identity: boolean;
  /** −6 dB cutoff of the anti-aliasing filter, Hz (Infinity for identity). */
  readonly cutoffHz: number;
  /** Kaiser β used. */
  readonly beta: number;
  /**
   * Algorithmic latency D = (K − 1)/2 in input samples: output for input time t is available
   * once input time t + D has been fed. 0 for identity.
   */
  readonly latencySamples: number;

  /** Row-major table: row r (phase r/phases) holds K taps, stored oldest-input-first. */
  private readonly table: Float32Array;
  /** Working buffer: K − 1 history samples followed by up to CHUNK new ones. */
  private readonly buf: Float32Array;
  private readonly stepInt: number;
  private readonly stepRem: number;
  /** Buffer index of the newest input the next output needs (may be ≥ the filled length). */
  private pos = 0;
  /** Phase accumulator numerator: next output is at input time (pos-relative) + rem / L. */
  private rem = 0;

  /**
   * @param inRate input sample rate, Hz (positive integer).
   * @param outRate output sample rate, Hz (positive integer), default 16000.
   * @param options filter design; defaults give a 0.9–1.0 × lower-Nyquist transition band and
   *   90 dB stopband.
   * @throws RangeError for non-integer or non-positive rates, or invalid options
   *   (0 < passbandEdge < stopbandEdge ≤ 1 and attenuationDb in [21, 200] are required).
   */
  constructor(inRate: number, outRate: number = DEFAULT_OUTPUT_RATE, options: ResamplerOptions = {}) {
    assertRate('inRate', inRate);
    assertRate('outRate', outRate);
    const passbandEdge = options.passbandEdge ?? 0.9;
    const stopbandEdge = options.stopbandEdge ?? 1.0;
    const attenuationDb = options.attenuationDb ?? 90;
    if (!(passbandEdge > 0 && passbandEdge < stopbandEdge && stopbandEdge <= 1)) {
      throw new RangeError(
        `Resampler: need 0 < passbandEdge < stopbandEdge <= 1, got ${passbandEdge}, ${stopbandEdge}`,
      );
    }
    if (!(attenuationDb >= 21 && attenuationDb <= 200)) {
      throw new RangeError(`Resampler: attenuationDb must be in [21, 200], got ${attenuationDb}`);
    }

    this.inRate = inRate;
    this.outRate = outRate;
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.identity = this.up === 1 && this.down === 1;
    this.stepInt = Math.floor(this.down / this.up);
    this.stepRem = this.down % this.up;

    if (this.identity) {
      this.tapsPerPhase = 1;
      this.phases = 1;
      this.exactPhases = true;
      this.cutoffHz = Infinity;
      this.beta = 0;
      this.latencySamples = 0;
      this.table = new Float32Array(1);
      this.buf = new Float32Array(0);
      return;
    }

    // Design, in cycles per input sample.
    const nyquistLow = Math.min(inRate, outRate) / 2;
    const fPass = (passbandEdge * nyquistLow) / inRate;
    const fStop = (stopbandEdge * nyquistLow) / inRate;
    const fc = (fPass + fStop) / 2;
    this.cutoffHz = fc * inRate;
    this.beta = kaiserBeta(attenuationDb);
    const order = kaiserOrder(attenuationDb, fStop - fPass);
    let K = Math.ceil(order) + 1;
    if (K % 2 === 0) K++;
    const D = (K - 1) / 2; // integer: K is odd
    this.tapsPerPhase = K;
    this.latencySamples = D;
    this.exactPhases = this.up <= MAX_EXACT_PHASES;
    const P = this.exactPhases ? this.up : INTERPOLATED_PHASES;
    this.phases = P;

    // Row r holds h(t + r/P − D) for t = K−1 … 0 (stored reversed: entry j pairs with the
    // (j)th oldest of the K inputs in the window). Interpolated mode has one extra row r = P.
    const rows = this.exactPhases ? P : P + 1;
    const table = new Float32Array(rows * K);
    const i0Beta = besselI0(this.beta);
    const row = new Float64Array(K);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let t = 0; t < K; t++) {
        const u = t + r / P - D; // time offset from the filter centre, input samples
        let h = 0;
        if (Math.abs(u) <= D) {
          const x = u / D;
          const w = besselI0(this.beta * Math.sqrt(Math.max(0, 1 - x * x))) / i0Beta;
          const arg = 2 * fc * u;
          const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
          h = 2 * fc * sinc * w;
        }
        row[t] = h;
        sum += h;
      }
      for (let t = 0; t < K; t++) table[r * K + (K - 1 - t)] = row[t]! / sum;
    }
    this.table = table;
    this.buf = new Float32Array(K - 1 + CHUNK);
    this.reset();
  }

  /**
   * Forgets all history: the next input sample is treated as time 0, preceded by silence.
   */
  reset(): void {
    if (this.identity) return;
    this.buf.fill(0);
    // History = K−1 zeros standing for x[−K+1 … −1]; x[0] will land at index K−1.
    // Output 0 is at time 0, i.e. at τ + D = D: newest needed input x[D], phase 0.
    this.pos = this.tapsPerPhase - 1 + this.latencySamples;
    this.rem = 0;
  }

  /** Latency {@link latencySamples} in seconds. */
  get latencySeconds(): number {
    return this.latencySamples / this.inRate;
  }

  /**
   * Upper bound on the samples one {@link process} call can write for `inputLength` input
   * samples, whatever the state: ⌈inputLength · L / M⌉. Size the output buffer with it.
   */
  maxOutputLength(inputLength: number): number {
    if (this.identity) return inputLength;
    return Math.ceil((inputLength * this.up) / this.down);
  }

  /**
   * Resamples the next block of the stream.
   *
   * @param input next input samples (any length, including 0), at inRate.
   * @param output destination, at outRate; written from index 0. Must hold at least
   *   {@link maxOutputLength}(input.length) samples.
   * @returns the number of output samples written (between ⌊·⌋ and ⌈·⌉ of
   *   input.length · L / M, after the initial latency has been filled).
   * @throws RangeError if `output` is shorter than maxOutputLength(input.length) (nothing is
   *   consumed in that case).
   */
  process(input: Float32Array, output: Float32Array): number {
    const need = this.maxOutputLength(input.length);
    if (output.length < need) {
      throw new RangeError(
        `Resampler.process: output holds ${output.length} samples, ` +
          `need ${need} for ${input.length} input samples`,
      );
    }
    if (this.identity) {
      output.set(input);
      return input.length;
    }
    const buf = this.buf;
    const hist = this.tapsPerPhase - 1;
    let written = 0;
    let consumed = 0;
    while (consumed < input.length) {
      const n = Math.min(CHUNK, input.length - consumed);
      for (let j = 0; j < n; j++) buf[hist + j] = input[consumed + j]!;
      consumed += n;
      const len = hist + n;
      written = this.exactPhases
        ? this.runExact(len, output, written)
        : this.runInterpolated(len, output, written);
      // Keep the last K−1 samples as history for the next chunk.
      buf.copyWithin(0, n, len);
      this.pos -= n;
    }
    return written;
  }

  /** Emits every output whose window lies in buf[0, len); exact-phase table. */
  private runExact(len: number, output: Float32Array, written: number): number {
    const buf = this.buf;
    const table = this.table;
    const K = this.tapsPerPhase;
    const L = this.up;
    const stepInt = this.stepInt;
    const stepRem = this.stepRem;
    let pos = this.pos;
    let rem = this.rem;
    let w = written;
    while (pos < len) {
      const start = pos - K + 1;
      const row = rem * K;
      // Four partial sums: shorter dependency chains, the same result for any block split.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let j = 0;
      for (; j + 3 < K; j += 4) {
        a0 += table[row + j]! * buf[start + j]!;
        a1 += table[row + j + 1]! * buf[start + j + 1]!;
        a2 += table[row + j + 2]! * buf[start + j + 2]!;
        a3 += table[row + j + 3]! * buf[start + j + 3]!;
      }
      for (; j < K; j++) a0 += table[row + j]! * buf[start + j]!;
      output[w++] = a0 + a1 + (a2 + a3);
      pos += stepInt;
      rem += stepRem;
      if (rem >= L) {
        rem -= L;
        pos++;
      }
    }
    this.pos = pos;
    this.rem = rem;
    return w;
  }

  /** As {@link runExact}, linearly interpolating coefficients between table phases. */
  private runInterpolated(len: number, output: Float32Array, written: number): number {
    const buf = this.buf;
    const table = this.table;
    const K = this.tapsPerPhase;
    const L = this.up;
    const phaseScale = this.phases / L;
    const stepInt = this.stepInt;
    const stepRem = this.stepRem;
    let pos = this.pos;
    let rem = this.rem;
    let w = written;
    while (pos < len) {
      const start = pos - K + 1;
      const pf = rem * phaseScale;
      const p = Math.floor(pf);
      const frac = pf - p;
      const row0 = p * K;
      const row1 = row0 + K;
      let a0 = 0;
      let a1 = 0;
      for (let j = 0; j < K; j++) {
        const x = buf[start + j]!;
        a0 += table[row0 + j]! * x;
        a1 += table[row1 + j]! * x;
      }
      output[w++] = a0 + frac * (a1 - a0);
      pos += stepInt;
      rem += stepRem;
      if (rem >= L) {
        rem -= L;
        pos++;
      }
    }
    this.pos = pos;
    this.rem = rem;
    return w;
  }
}

/**
 * Resamples a whole signal (e.g. a decoded file) in one go.
 *
 * Unlike the raw stream, the result is complete and time-aligned: output n is the input's
 * band-limited value at time n / outRate, the filter delay is compensated and the tail is
 * flushed with D zeros, so the output holds exactly ⌈input.length · outRate / inRate⌉
 * samples. Identity rates return an exact copy.
 *
 * @param input mono samples at inRate.
 * @param inRate input rate, Hz (positive integer).
 * @param outRate output rate, Hz (positive integer), default 16000.
 * @param options filter design, see {@link ResamplerOptions}.
 * @returns a new Float32Array at outRate.
 * @throws RangeError for invalid rates or options.
 */
export function resampleAll(
  input: Float32Array,
  inRate: number,
  outRate: number = DEFAULT_OUTPUT_RATE,
  options?: ResamplerOptions,
): Float32Array {
  const rs = new Resampler(inRate, outRate, options);
  if (rs.identity) return input.slice();
  // D zeros of tail: outputs at times τ < input.length need inputs up to τ + D.
  const tail = new Float32Array(rs.latencySamples);
  const out = new Float32Array(rs.maxOutputLength(input.length) + rs.maxOutputLength(tail.length));
  let n = rs.process(input, out);
  n += rs.process(tail, out.subarray(n));
  // n === ⌈input.length · L / M⌉ exactly (outputs at n·M/L < input.length; tested).
  return out.slice(0, n);
}
