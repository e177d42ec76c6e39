/**
 * Streaming benchmark: accuracy, latency, stability and cost of the live transcript.
 *
 *   npm run bench -- [--manifest <tsv>]... [--model <id-or-dir>] [--dtype fp32|q8] [--json]
 *                    [--window <s>] [--interval <ms>] [--redemption <ms>] [--skip-references]
 *
 * Each WAV of the manifests (`file<TAB>reference`, paths relative to the manifest; default
 * `../shared/audio/dev.tsv` and `long.tsv`) is resampled to 16 kHz with the project's own
 * resampler and streamed through the browser's streaming engine on the computation-aware
 * virtual clock (see `bench/common.ts`). In the same run, unless `--skip-references`, the same
 * model's offline WER and the transformers.js real-time demo's policy are measured as
 * references. Prints Markdown tables on stdout (progress goes to stderr); with `--json`, the
 * last line of stdout is the summary as one JSON object. Definitions: `docs/benchmarks.md`
 * and `src/evaluation/streaming-metrics.ts`.
 */
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { simulateRealtimeDemoPolicy } from '../src/evaluation/baseline-policy';
import { percentile, summarize, type BenchmarkSummary, type FileMetrics } from '../src/evaluation/streaming-metrics';
import { SHARED_DIR } from '../src/node/node-recognizer';
import { readManifest } from '../test/support/shared-data';
import { COMMON_OPTIONS, describeSettings, loadModels, scoreStreamedFile, settingsFromOptions, streamFile, withTrailingSilence } from './common';

const { values } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    manifest: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    'skip-references': { type: 'boolean', default: false },
  },
  strict: true,
});

const manifests = (values.manifest ?? ['dev.tsv', 'long.tsv'].map((name) => resolve(SHARED_DIR, 'audio', name))).map((m) => resolve(m));
const settings = settingsFromOptions(values);
const withReferences = !values['skip-references'];
const log = (line: string) => process.stderr.write(`${line}\n`);

const models = await loadModels(values);
const entries = manifests.flatMap((manifest) =>
  readManifest(manifest).map((entry) => ({ ...entry, file: relative(dirname(manifest), entry.path) })),
);
if (entries.length === 0) throw new Error(`no files in ${manifests.join(', ')}`);

const files: FileMetrics[] = [];
for (const [index, entry] of entries.entries()) {
  const audio = await loadAudio16k(entry.path);
  const streamed = await streamFile(audio, models, settings);
  const offlineText = withReferences ? await models.whisper.transcribeOffline(audio) : null;
  const baselineText = withReferences ? (await simulateRealtimeDemoPolicy(withTrailingSilence(audio), models.whisper)).transcript : null;
  const metrics = scoreStreamedFile(entry.file, entry.reference, audio, streamed, { offlineText, baselineText });
  files.push(metrics);
  log(`[${index + 1}/${entries.length}] ${entry.file}: WER ${percent(metrics.wer)}, RTF ${metrics.rtf.toFixed(2)} — "${metrics.transcript}"`);
}

const summary = summarize(files);
console.log(markdownReport(files, summary));
if (values.json) {
  console.log(
    JSON.stringify({
      ...summary,
      model: values.model,
      dtype: values.dtype,
      settings,
      per_file: files,
    }),
  );
}
await models.whisper.dispose();

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function ms(value: number | null): string {
  return value === null ? '–' : value.toFixed(0);
}

function markdownReport(rows: readonly FileMetrics[], s: BenchmarkSummary): string {
  const table = (header: string[], body: string[][]) =>
    [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const perFile = table(
    ['file', 'audio s', 'WER', 'offline WER', 'baseline WER', 'first partial ms', 'final latency p50 ms', 'finals', 'partials', 'stable rev.', 'churn words', 'RTF', 'decodes/s', 'hallucinated'],
    rows.map((f) => [
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
  const aggregate = table(
    ['metric', 'value'],
    [
      ['files / audio', `${s.files} / ${s.audio_seconds.toFixed(1)} s`],
      ['WER (final transcript)', percent(s.wer)],
      ['offline WER (same model, whole file)', percent(s.offline_wer)],
      ['baseline WER (transformers.js demo policy)', percent(s.baseline_wer)],
      ['first partial p50 / p95', `${ms(s.first_partial_ms_p50)} / ${ms(s.first_partial_ms_p95)} ms`],
      ['finalization latency p50 / p95', `${ms(s.final_latency_ms_p50)} / ${ms(s.final_latency_ms_p95)} ms`],
      ['partial interval p50', `${ms(s.partial_interval_ms_p50)} ms`],
      ['stable word revisions (partials)', String(s.stable_word_revisions)],
      ['stable words changed by the final', String(s.final_stable_revisions)],
      ['unstable churn (words per reference word)', s.unstable_churn.toFixed(3)],
      ['real-time factor', s.rtf.toFixed(3)],
      ['decodes per audio second', s.decodes_per_audio_second.toFixed(2)],
      ['hallucinated words (empty references)', String(s.hallucinated_words)],
      ['hallucinated words per minute of non-speech', s.hallucinated_words_per_minute === null ? '–' : s.hallucinated_words_per_minute.toFixed(2)],
      ['dropped utterances (over reference speech)', `${s.dropped_utterances} (${s.dropped_speech_utterances})`],
      ['peak RSS', `${s.peak_rss_mb.toFixed(0)} MB`],
    ],
  );
  return [`# Streaming benchmark`, '', `Model ${values.model} (${values.dtype}); ${describeSettings(settings)}.`, '', perFile, '', '## Aggregate', '', aggregate].join('\n');
}
