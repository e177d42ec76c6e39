/**
 * Streaming benchmark: accuracy, latency, stability and cost of the live transcript.
 *
 *   npm run bench -- [--manifest <tsv>]... [--runtime node|chromium] [--device wasm|webgpu]
 *                    [--model <id-or-dir>] [--dtype fp32|q8] [--encoder-dtype <p>] [--decoder-dtype <p>]
 *                    [--window <s>] [--interval <ms>] [--redemption <ms>] [--partial-cutoff <ms>]
 *                    [--no-draft] [--no-early-final] [--early-final-silence <ms>] [--preempt] [--no-guards]
 *                    [--context none|prompt|context|hybrid] [--vocabulary "<names>"]
 *                    [--language <code>|auto] [--task transcribe|translate]
 *                    [--compare "<flags>"]... [--skip-references] [--json]
 *
 * A manifest with an `snr_db` column (the noise corpus of `npm run corpus`) also gets a table of
 * WER by SNR, streaming next to offline over the same files (`wer_by_snr` in the JSON).
 *
 * A manifest with a `language` column (header `file<TAB>reference<TAB>language`) also gets each
 * file's finals checked against that language (a multilingual model's detection end to end:
 * `npm run bench -- --model <dir> --manifest <tsv>`; with `--task translate` the references are
 * the English translations).
 *
 * Each WAV of the manifests (`file<TAB>reference` after a header line, paths relative to the
 * manifest; default `../shared/audio/dev.tsv` and `long.tsv`) is resampled to 16 kHz with the
 * project's own resampler and streamed through the app's streaming engine on the
 * computation-aware virtual clock (see `bench/common.ts`), with Silero VAD and Whisper on the
 * runtime `--runtime` names (`bench/runtime.ts`): `node` (onnxruntime-node, `--dtype` for
 * both sessions) or `chromium` (headless Debian Chromium running the app's own workers on
 * onnxruntime-web, `--device wasm` or `webgpu`, with the app's precisions unless
 * `--encoder-dtype` / `--decoder-dtype` say otherwise). Each `--compare` adds a variant: the
 * base flags with the given ones on top (settings and precisions), run on every file right
 * after the base run of that file, so all variants see the same machine state. In the same
 * run, unless `--skip-references`, the same model's offline WER and the transformers.js
 * real-time demo's policy are measured as references (in Node, onnxruntime-node). Prints
 * Markdown tables on stdout (progress goes to stderr); with `--json`, the last lines of stdout
 * are the summaries, one JSON object per variant, base first. Definitions:
 * `docs/benchmarks.md`, `src/evaluation/streaming-metrics.ts` and `src/evaluation/decode-cost.ts`.
 */
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { simulateRealtimeDemoPolicy } from '../src/evaluation/baseline-policy';
import { checkLanguages, type LanguageCheck } from '../src/evaluation/language-accuracy';
import { percentile, summarize, type BenchmarkSummary, type FileMetrics } from '../src/evaluation/streaming-metrics';
import type { WhisperTranscriber } from '../src/inference-worker/asr/whisper-transcriber';
import { loadNodeVad, SHARED_DIR } from '../src/node/node-recognizer';
import { readManifest } from '../test/support/shared-data';
import { COMMON_OPTIONS, describeSettings, loadWarmNodeWhisper, scoreStreamedFile, settingsFromOptions, withTrailingSilence } from './common';
import { checkRuntimeFlags, openRuntime, PRECISION_OPTIONS, RUNTIME_OPTIONS, type RuntimeValues } from './runtime';

/** What a `--compare` flag set may change: the streaming settings and the model's precisions. */
const VARIANT_OPTIONS = { ...COMMON_OPTIONS, ...PRECISION_OPTIONS } as const;

const { values } = parseArgs({
  args: joinCompareValues(process.argv.slice(2)),
  options: {
    ...VARIANT_OPTIONS,
    ...RUNTIME_OPTIONS,
    manifest: { type: 'string', multiple: true },
    compare: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    'skip-references': { type: 'boolean', default: false },
  },
  strict: true,
});

/** One set of flags every file runs under. */
interface Variant {
  /** `base`, or the `--compare` flags as given. */
  label: string;
  values: RuntimeValues;
  settings: ReturnType<typeof settingsFromOptions>;
  /** The model as loaded, for reports. */
  model: string;
  files: FileMetrics[];
}

const manifests = (values.manifest ?? ['dev.tsv', 'long.tsv'].map((name) => resolve(SHARED_DIR, 'audio', name))).map((m) => resolve(m));
const withReferences = !values['skip-references'];
const log = (line: string) => process.stderr.write(`${line}\n`);

const entries = manifests.flatMap((manifest) =>
  readManifest(manifest).map((entry) => ({ ...entry, file: relative(dirname(manifest), entry.path) })),
);
if (entries.length === 0) throw new Error(`no files in ${manifests.join(', ')}`);

const variantValues: { label: string; values: RuntimeValues }[] = [
  { label: 'base', values },
  ...(values.compare ?? []).map((flags) => ({ label: flags, values: { ...values, ...parseVariant(flags) } })),
];
// Settings and runtime flags first: a bad flag fails before anything loads.
const settingsOf = variantValues.map((v) => settingsFromOptions(v.values));
variantValues.forEach((v) => checkRuntimeFlags(v.values));
const vad = await loadNodeVad();
const runtime = await openRuntime(values, vad, log);
const variants: Variant[] = [];
for (const [i, v] of variantValues.entries()) {
  variants.push({ ...v, settings: settingsOf[i], model: await runtime.prepare(v.values), files: [] });
}
const referenceWhisper: WhisperTranscriber | null = withReferences ? await loadWarmNodeWhisper(values) : null;

/** Files whose manifest names their language: the finals' languages against it. */
const languageChecks: (LanguageCheck & { file: string; variant: string })[] = [];
try {
  for (const [index, entry] of entries.entries()) {
    const audio = await loadAudio16k(entry.path);
    const offlineText = referenceWhisper ? await referenceWhisper.transcribeOffline(audio) : null;
    const baselineText = referenceWhisper ? (await simulateRealtimeDemoPolicy(withTrailingSilence(audio), referenceWhisper)).transcript : null;
    for (const variant of variants) {
      const streamed = await runtime.stream(audio, variant.values, variant.settings);
      const metrics = scoreStreamedFile(entry.file, entry.reference, audio, streamed, { offlineText, baselineText });
      variant.files.push(metrics);
      const tag = variants.length > 1 ? ` [${variant.label}]` : '';
      log(`[${index + 1}/${entries.length}] ${entry.file}${tag}: WER ${percent(metrics.wer)}, RTF ${metrics.rtf.toFixed(2)} — "${metrics.transcript}"`);
      if (entry.language) {
        const check = checkLanguages(streamed.simulation.events.map((e) => e.event), entry.language);
        languageChecks.push({ file: entry.file, variant: variant.label, ...check });
        log(`  language ${entry.language}: ${check.matching}/${check.finals} finals (${check.detected || 'no finals'})`);
      }
    }
  }
} finally {
  await runtime.close();
  await referenceWhisper?.dispose();
}

const summaries = variants.map((variant) => summarize(variant.files));
const snrGroups = werBySnr();
if (snrGroups.length > 0) {
  console.log(['## WER by SNR (manifest `snr_db` column; offline: the same model on each whole file, Node)', '',
    table(['variant', 'SNR', 'files', 'reference words', 'streaming WER', 'offline WER', 'streaming − offline'],
      snrGroups.map((g) => [g.variant, `${g.snr_db} dB`, String(g.files), String(g.reference_words), percent(g.wer), percent(g.offline_wer),
        g.offline_wer === null ? '–' : `${((g.wer - g.offline_wer) * 100).toFixed(1)} points`])), ''].join('\n'));
}
if (languageChecks.length > 0) {
  console.log(['## Languages (manifest `language` column)', '', '| file | variant | language | finals in it | decoded in |', '| --- | --- | --- | --- | --- |',
    ...languageChecks.map((c) => `| ${c.file} | ${c.variant} | ${c.expected} | ${c.matching}/${c.finals} | ${c.detected} |`), ''].join('\n'));
}
for (const [i, variant] of variants.entries()) {
  if (i > 0) console.log('');
  console.log(markdownReport(variant, summaries[i]));
}
if (variants.length > 1) console.log(['', '## Side by side', '', aggregateTable(summaries, variants.map((v) => v.label))].join('\n'));
if (values.json) {
  for (const [i, variant] of variants.entries()) {
    console.log(
      JSON.stringify({
        ...summaries[i],
        runtime: runtime.runtime,
        device: runtime.device,
        variant: variant.label,
        model: variant.model,
        dtype: variant.values.dtype ?? null,
        browser: runtime.browser,
        settings: variant.settings,
        ...(snrGroups.length > 0 ? { wer_by_snr: snrGroups.filter((g) => g.variant === variant.label) } : {}),
        per_file: variant.files,
      }),
    );
  }
}

/**
 * `--compare <flags>` as `--compare=<flags>`: parseArgs takes a separate value that starts
 * with `--` for a flag of its own.
 */
function joinCompareValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    joined.push(args[i] === '--compare' && i + 1 < args.length ? `--compare=${args[++i]}` : args[i]);
  }
  return joined;
}

/**
 * The option values of one `--compare` flag set, e.g. `"--no-draft --interval 1000"`.
 * @throws Error (parseArgs's) for an unknown flag or a missing value
 */
function parseVariant(flags: string): RuntimeValues {
  return parseArgs({ args: flags.trim().split(/\s+/).filter(Boolean), options: VARIANT_OPTIONS, strict: true }).values;
}

/**
 * Corpus WERs (streaming and offline) of the files of each SNR of the manifests' `snr_db`
 * column, per variant, highest SNR first; empty when no file has an SNR.
 */
function werBySnr() {
  const snrs = [...new Set(entries.flatMap((e) => (e.snrDb === undefined ? [] : [e.snrDb])))].sort((a, b) => b - a);
  return variants.flatMap((variant) =>
    snrs.map((snr) => {
      const files = variant.files.filter((_, i) => entries[i].snrDb === snr);
      const summary = summarize(files);
      return {
        variant: variant.label,
        snr_db: snr,
        files: files.length,
        reference_words: files.reduce((total, f) => total + f.referenceWords, 0),
        wer: summary.wer,
        offline_wer: summary.offline_wer,
      };
    }),
  );
}

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function ms(value: number | null): string {
  return value === null ? '–' : value.toFixed(0);
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

function table(header: string[], body: string[][]): string {
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The aggregate metrics, one column per summary. */
function aggregateTable(s: readonly BenchmarkSummary[], labels: readonly string[]): string {
  const row = (metric: string, value: (x: BenchmarkSummary) => string) => [metric, ...s.map(value)];
  return table(
    ['metric', ...labels],
    [
      row('files / audio', (x) => `${x.files} / ${x.audio_seconds.toFixed(1)} s`),
      row('WER (final transcript)', (x) => percent(x.wer)),
      row('offline WER (same model, whole file, Node)', (x) => percent(x.offline_wer)),
      row('baseline WER (transformers.js demo policy, Node)', (x) => percent(x.baseline_wer)),
      row('first partial p50 / p95', (x) => `${ms(x.first_partial_ms_p50)} / ${ms(x.first_partial_ms_p95)} ms`),
      row('finalization latency p50 / p95', (x) => `${ms(x.final_latency_ms_p50)} / ${ms(x.final_latency_ms_p95)} ms`),
      row('partial interval p50', (x) => `${ms(x.partial_interval_ms_p50)} ms`),
      row('stable word revisions (partials)', (x) => String(x.stable_word_revisions)),
      row('stable words changed by the final', (x) => String(x.final_stable_revisions)),
      row('unstable churn (words per reference word)', (x) => x.unstable_churn.toFixed(3)),
      row('real-time factor', (x) => x.rtf.toFixed(3)),
      row('decodes per audio second', (x) => x.decodes_per_audio_second.toFixed(2)),
      row('encoder ms p50', (x) => ms(x.encoder_ms_p50)),
      row('decoder pass ms p50', (x) => fixed(x.decoder_pass_ms_p50, 1)),
      row('decoder passes per decode / final / partial', (x) =>
        [x.decoder_passes_per_decode, x.decoder_passes_per_final, x.decoder_passes_per_partial].map((v) => fixed(v, 1)).join(' / '),
      ),
      row('draft tokens accepted', (x) => percent(x.draft_tokens_accepted)),
      row('decodes cancelled (preempted) / early finals wasted', (x) => `${x.cancelled_decodes} / ${x.wasted_decodes ?? 'n/a'}`),
      row('hallucinated words (empty references)', (x) => String(x.hallucinated_words)),
      row('hallucinated words per minute of non-speech', (x) => fixed(x.hallucinated_words_per_minute, 2)),
      row('dropped utterances (over reference speech)', (x) => `${x.dropped_utterances} (${x.dropped_speech_utterances})`),
      row(runtime.runtime === 'node' ? 'peak RSS' : 'peak RSS of Chromium (summed over its processes)', (x) => `${x.peak_rss_mb.toFixed(0)} MB`),
    ],
  );
}

function markdownReport(variant: Variant, s: BenchmarkSummary): string {
  const perFile = table(
    ['file', 'audio s', 'WER', 'offline WER', 'baseline WER', 'first partial ms', 'final latency p50 ms', 'finals', 'partials', 'stable rev.', 'churn words', 'RTF', 'decodes/s', 'hallucinated'],
    variant.files.map((f) => [
      f.file,
      f.audioSeconds.toFixed(1),
      percent(f.wer),
      percent(f.offlineWer),
      percent(f.baselineWer),
      ms(f.firstPartialMs),
      ms(percentile(f.finalLatenciesMs, 50)),
      String(f.finals),
      String(f.partials),
      String(f.stableWordRevisions),
      String(f.unstableChurnWords),
      f.rtf.toFixed(2),
      f.decodesPerAudioSecond.toFixed(2),
      f.hallucinatedWords === null ? '–' : String(f.hallucinatedWords),
    ]),
  );
  const where = runtime.runtime === 'node' ? 'Node (onnxruntime-node, CPU)' : `Chromium (onnxruntime-web, ${runtime.device === 'wasm' ? 'WASM' : 'WebGPU'})`;
  const title = variant.label === 'base' ? '# Streaming benchmark' : `# Streaming benchmark: ${variant.label}`;
  return [title, '', `Runtime ${where}; model ${variant.model}; ${describeSettings(variant.settings)}.`, '', perFile, '', '## Aggregate', '', aggregateTable([s], ['value'])].join('\n');
}
