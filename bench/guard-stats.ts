/**
 * What the hallucination guards see, per file: one decode of each whole file (at most 30 s)
 * with the bare decoder, its no-speech probability, average log-probability, compression
 * ratio, words per second and longest loop, and what the guards make of it.
 *
 *   npx tsx bench/guard-stats.ts [--manifest <tsv>]... [--model <id-or-dir>] [--dtype fp32|q8]
 *
 * Default manifests: `corpus/noise.tsv` (`npm run corpus`) and `../shared/audio/dev.tsv`.
 * Prints a Markdown table; the measurements behind the thresholds in `docs/benchmarks.md`.
 */
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { applyGuards, compressionRatio, DEFAULT_GUARDS, loopCut } from '../src/inference-worker/asr/hallucination-guards';
import { splitWords } from '../src/inference-worker/text/words';
import { SAMPLE_RATE } from '../src/inference-worker/vad/speech-segmenter';
import { loadNodeWhisper, REPO_ROOT, SHARED_DIR } from '../src/node/node-recognizer';
import { readManifest } from '../test/support/shared-data';
import { resolveModelDir } from './common';

const { values } = parseArgs({
  options: { manifest: { type: 'string', multiple: true }, model: { type: 'string', default: 'whisper-tiny.en' }, dtype: { type: 'string', default: 'fp32' } },
  strict: true,
});
const manifests = (values.manifest ?? [resolve(REPO_ROOT, 'corpus', 'noise.tsv'), resolve(SHARED_DIR, 'audio', 'dev.tsv')]).map((m) => resolve(m));
const whisper = await loadNodeWhisper(resolveModelDir(values.model!), values.dtype as 'fp32' | 'q8', null);
const rows: string[][] = [];
for (const manifest of manifests) {
  for (const entry of readManifest(manifest)) {
    const audio = (await loadAudio16k(entry.path)).subarray(0, 30 * SAMPLE_RATE);
    const seconds = audio.length / SAMPLE_RATE;
    const result = await whisper.transcribe(audio);
    const guarded = await applyGuards(result, seconds);
    const words = splitWords(result.text);
    const loop = loopCut(words, DEFAULT_GUARDS.maxConsecutiveRepeats, DEFAULT_GUARDS.maxLoopWords);
    rows.push([
      relative(dirname(manifest), entry.path),
      entry.reference ? 'speech' : 'none',
      result.noSpeechProb.toFixed(3),
      result.avgLogprob.toFixed(2),
      (await compressionRatio(result.text)).toFixed(2),
      (words.length / seconds).toFixed(1),
      loop < words.length ? `at word ${loop}` : '–',
      `"${result.text}"`,
      guarded.dropped ?? (guarded.text === result.text ? 'kept' : `cut: "${guarded.text}"`),
    ]);
    process.stderr.write(`${rows.at(-1)!.join(' | ')}\n`);
  }
}
const header = ['file', 'reference', 'no-speech prob.', 'avg log-prob.', 'compression ratio', 'words/s', 'loop', 'text', 'guards'];
console.log([header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
await whisper.dispose();
