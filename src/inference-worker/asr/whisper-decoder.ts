/**
 * Sotto's own Whisper decoding loop on the model transformers.js loads: the encoder once per
 * decode, then greedy decoding with the merged decoder and its KV cache, under the logit rules
 * of transformers.js's Whisper `generate()` (suppressed tokens, begin-suppressed tokens,
 * `WhisperTimeStampLogitsProcessor`). Its output is token-identical to the pipeline's
 * (`test/unit/whisper-decoder.test.ts`); what it adds is draft verification and the per-decode
 * statistics the guards and the benchmark read.
 *
 * Draft verification (lossless speculative decoding with the model as its own verifier;
 * Leviathan, Kalman & Matias, "Fast Inference from Transformers via Speculative Decoding",
 * ICML 2023, with greedy acceptance): one decoder pass takes the prefix and the whole draft,
 * and yields the model's logits at every position. The longest draft prefix on which the
 * model's own (rule-processed) greedy choice equals the draft token is accepted, plus the
 * model's token at the first mismatch. Greedy decoding then goes on from there. When the
 * whole draft was accepted, the pass's KV cache is exactly the cache greedy decoding would
 * have; otherwise the cache is rebuilt in one pass over the accepted tokens (one code path on
 * WASM and WebGPU, where the cache lives in GPU buffers that cannot be truncated in place),
 * and that pass's last logits give the next token. A wrong draft therefore costs at most one
 * extra pass; a right one replaces N sequential decoder steps by about one.
 */
import {
  DynamicCache,
  LogitsProcessorList,
  SuppressTokensAtBeginLogitsProcessor,
  SuppressTokensLogitsProcessor,
  Tensor,
  WhisperTimeStampLogitsProcessor,
  log_softmax,
} from '@huggingface/transformers';
import { throwIfCancelled, type CancelFlag } from './decode-cancellation';
import type { DecodeStats } from './transcriber';

/** The parts of transformers.js's `WhisperForConditionalGeneration` the loop uses. */
export interface WhisperModelParts {
  sessions: Record<string, { run(feeds: Record<string, unknown>): Promise<Record<string, unknown>> }>;
  forward(inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
  generation_config: DecodingRulesConfig;
}

/** Fields of a Whisper `generation_config.json` the decoding rules read. */
export interface DecodingRulesConfig {
  decoder_start_token_id: number;
  eos_token_id: number | number[];
  no_timestamps_token_id: number;
  suppress_tokens?: number[] | null;
  begin_suppress_tokens?: number[] | null;
  max_initial_timestamp_index?: number | null;
}

/** The token context of one decode. */
export interface GreedyDecodeRequest {
  /**
   * Tokens before the first generated one, ending with the start-of-transcript sequence
   * (`<|startoftranscript|>`, then language and task for multilingual models).
   */
  prefix: readonly number[];
  /** Index in `prefix` of `<|startoftranscript|>`, whose logits give the no-speech probability. */
  sotIndex: number;
  /** Token id of `<|nospeech|>` (`<|nocaptions|>` in older vocabularies), or -1 when the vocabulary has none. */
  noSpeechToken: number;
  /** Most tokens to generate, end-of-text included (transformers.js's `max_new_tokens`). */
  maxNewTokens: number;
  /** Tokens this decode is expected to produce; see the module comment. */
  draft?: readonly number[];
  /** Checked before every decoder pass (`decode-cancellation.ts`). */
  cancel?: CancelFlag;
  /** Time the decode started (`performance.now()`, ms): `passEndsMs` count from it. Default: when this call starts. */
  startedAtMs?: number;
}

export type GreedyDecodeResult = Omit<DecodeStats, 'encoderMs' | 'timestampBegin'>;

/** Name of a decoder output that holds a KV-cache entry, and the input it feeds next time. */
function pastName(outputName: string): string {
  return outputName.replace('present', 'past_key_values');
}

/**
 * Runs the encoder on log-mel features.
 * @returns the encoder's last hidden state, [1, 1500, d_model]
 * @throws Error from ONNX Runtime when the session fails (lost GPU device, out of memory)
 */
export async function encode(model: WhisperModelParts, inputFeatures: Tensor): Promise<Tensor> {
  const output = await model.sessions.model.run({ input_features: inputFeatures.ort_tensor });
  return new Tensor(output.last_hidden_state as never);
}

/**
 * Greedy decoding of one encoded window with optional draft verification (module comment).
 * Stops at end-of-text or after `maxNewTokens` tokens, as transformers.js's `generate()` does
 * with `max_new_tokens`.
 *
 * @param encoderOutputs from {@link encode}; not disposed here
 * @returns the generated tokens (end-of-text excluded) with their statistics
 * @throws DecodeCancelledError when `request.cancel` is set before a pass (the KV cache is freed)
 * @throws Error from ONNX Runtime when a decoder pass fails
 */
export async function greedyDecode(
  model: WhisperModelParts,
  encoderOutputs: Tensor,
  request: GreedyDecodeRequest,
): Promise<GreedyDecodeResult> {
  const config = model.generation_config;
  const eot = Array.isArray(config.eos_token_id) ? config.eos_token_id[0] : config.eos_token_id;
  const rules = logitRules(config, request.prefix);
  const started = performance.now();
  const decodeStarted = request.startedAtMs ?? started;
  const passEndsMs: number[] = [];
  const prefix = [...request.prefix];
  const budget = Math.max(0, request.maxNewTokens);
  // A draft never goes past the budget, nor contains end-of-text (the model adds it).
  const draft = (request.draft ?? []).slice(0, Math.max(0, budget - 1)).filter((t) => t !== eot);

  const tokens: number[] = [];
  const tokenLogprobs: number[] = [];
  let sumLogprob = 0;
  let passes = 0;
  let accepted = 0;
  let finished = budget === 0;
  let noSpeechProb = 0;
  let cache: DynamicCache | null = null;

  /** Applies the logit rules to the logits predicting the token after `context`, picks the greedy token. */
  const choose = (row: Float32Array, context: readonly number[]): { token: number; logprob: number } => {
    const logits = new Tensor('float32', row, [1, row.length]);
    rules([context.map(BigInt)], logits);
    const token = argmax(row);
    return { token, logprob: log_softmax(row)[token] };
  };
  const emit = (token: number, logprob: number) => {
    sumLogprob += logprob;
    if (token === eot || tokens.length + 1 >= budget) finished = true;
    if (token !== eot) {
      tokens.push(token);
      tokenLogprobs.push(logprob);
    }
  };
  /** One decoder pass over `input` after the cached tokens; returns logits [n, vocab] as rows. */
  const pass = async (input: readonly number[], past: DynamicCache | null) => {
    throwIfCancelled(request.cancel);
    passes++;
    const outputs = await model.forward({
      encoder_outputs: encoderOutputs,
      decoder_input_ids: new Tensor('int64', BigInt64Array.from(input.map(BigInt)), [1, input.length]),
      past_key_values: past,
    });
    passEndsMs.push(performance.now() - decodeStarted);
    const logits = outputs.logits;
    const vocab = logits.dims.at(-1)!;
    const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
    const rows = (i: number) => data.slice(i * vocab, (i + 1) * vocab);
    return { rows, cache: updateCache(outputs, past) };
  };

  try {
    if (!finished) await decodeAll();
  } finally {
    // Assigned in decodeAll, which the compiler's narrowing does not follow.
    await (cache as DynamicCache | null)?.dispose();
  }
  return {
    tokens,
    tokenLogprobs,
    avgLogprob: passes === 0 ? 0 : sumLogprob / (tokens.length + 1),
    noSpeechProb,
    decoderPasses: passes,
    draftTokens: draft.length,
    draftAccepted: accepted,
    decoderMs: performance.now() - started,
    passEndsMs,
  };

  /** Verifies the draft, then decodes greedily until end-of-text or the budget. */
  async function decodeAll(): Promise<void> {
    // Pass 1: the prefix and the draft together. Rows P-1 .. P-1+D predict draft positions 0..D.
    const first = await pass([...prefix, ...draft], null);
    cache = first.cache;
    noSpeechProb = request.noSpeechToken >= 0 ? softmaxAt(first.rows(request.sotIndex), request.noSpeechToken) : 0;
    let context = [...prefix];
    let mismatch = false;
    for (let j = 0; j <= draft.length && !finished; j++) {
      const { token, logprob } = choose(first.rows(prefix.length - 1 + j), context);
      emit(token, logprob);
      context.push(token);
      if (j < draft.length && token === draft[j]) {
        accepted++;
        continue;
      }
      mismatch = j < draft.length;
      break;
    }
    if (!finished && mismatch) {
      // The cache holds the rejected draft tail: rebuild it over the accepted tokens in one pass.
      await cache.dispose();
      cache = null;
      const rebuilt = await pass(context, null);
      cache = rebuilt.cache;
      const { token, logprob } = choose(rebuilt.rows(context.length - 1), context);
      emit(token, logprob);
      context.push(token);
    }
    // Plain greedy steps, one token per pass, each feeding the last token after the cache.
    while (!finished) {
      const step = await pass([context.at(-1)!], cache);
      cache = step.cache;
      const { token, logprob } = choose(step.rows(0), context);
      emit(token, logprob);
      context.push(token);
    }
  }
}

/**
 * The logit rules of transformers.js's Whisper `generate()` with `return_timestamps: true`,
 * in its order: `suppress_tokens`, `begin_suppress_tokens` at the first generated position,
 * then the timestamp rules (`WhisperTimeStampLogitsProcessor`: timestamps in pairs, the first
 * token a timestamp of at most `max_initial_timestamp_index`, a timestamp forced when the
 * timestamps' total probability beats every text token). openai/whisper `decoding.py` applies
 * the same rules (`SuppressTokens`, `SuppressBlank`, `ApplyTimestampRules`).
 */
function logitRules(config: DecodingRulesConfig, prefix: readonly number[]): LogitsProcessorList {
  const rules = new LogitsProcessorList();
  if (config.suppress_tokens) rules.push(new SuppressTokensLogitsProcessor(config.suppress_tokens));
  if (config.begin_suppress_tokens) rules.push(new SuppressTokensAtBeginLogitsProcessor(config.begin_suppress_tokens, prefix.length));
  rules.push(new WhisperTimeStampLogitsProcessor(config as never, [...prefix]));
  return rules;
}

/**
 * The decoder's `present.*` outputs as the next pass's `past_key_values.*`. Cross-attention
 * entries (`*.encoder.*`) depend only on the audio: once cached they are kept, and the
 * constant copies later passes return are disposed (transformers.js `getPastKeyValues` keeps
 * them the same way, after optimum).
 */
function updateCache(outputs: Record<string, Tensor>, past: DynamicCache | null): DynamicCache {
  const entries: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (!name.startsWith('present')) {
      if (name !== 'logits' && tensor.location === 'gpu-buffer') tensor.dispose();
      continue;
    }
    const key = pastName(name);
    const keep = past && name.includes('encoder') ? (past as unknown as Record<string, Tensor>)[key] : undefined;
    if (keep) {
      if (tensor !== keep && tensor.location === 'gpu-buffer') tensor.dispose();
      entries[key] = keep;
    } else {
      entries[key] = tensor;
    }
  }
  if (!past) return new DynamicCache(entries);
  past.update(entries);
  return past;
}

/** Index of the largest value; the first one among equals (transformers.js's greedy sampler). */
function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** softmax(values)[index], computed stably. */
function softmaxAt(values: Float32Array, index: number): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return Math.exp(values[index] - max) / sum;
}
