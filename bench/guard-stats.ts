/**
 * What the hallucination guards see, per file: one decode of each whole file (at most 30 s)
 * with the bare decoder, its no-speech probability, average log-probability, compression
 * ratio, words per second and longest loop, and what the guards make of it.
 *
 *   npx tsx bench/guard-stats.ts [--manifest <tsv>]... [--model <id-or-dir>] [--dtype fp32|q8] [--first-partial]
 *
 * Default manifests: `corpus/noise.tsv` (`npm run corpus`) and `../shared/audio/dev.tsv`.
 * `--first-partial`: instead of the whole file, the audio the first partial of the file's first
 * utterance decodes at the default settings: from the pre-speech pad before the first speech
 * frame (Silero VAD and `SpeechSegmenter`) to the frame that confirms `minSpeechMs` of speech.
 * Files where the VAD opens no utterance are skipped.
 * Prints a Markdown table; the measurements behind the thresholds in `docs/benchmarks.md`.
 */
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { applyGuards, compressionRatio, DEFAULT_GUARDS, loopCut } from '../src/inference-worker/asr/hallucination-guards';
import { splitWords } from '../src/inference-worker/text/words';
import { SAMPLE_RATE, SpeechSegmenter, VAD_FRAME_SAMPLES } from '../src/inference-worker/vad/speech-segmenter';
import { loadNodeVad, loadNodeWhisper, REPO_ROOT, SHARED_DIR } from '../src/node/node-recognizer';
import { DEFAULT_SETTINGS } from '../src/inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../src/inference-worker/vad/speech-probability';
import { readManifest } from '../test/support/shared-data';
import { resolveModelDir } from './common';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string', multiple: true },
    model: { type: 'string', default: 'whisper-tiny.en' },
    dtype: { type: 'string', default: 'fp32' },
    'first-partial': { type: 'boolean', default: false },
  },
  strict: true,
});
const manifests = (values.manifest ?? [resolve(REPO_ROOT, 'corpus', 'noise.tsv'), resolve(SHARED_DIR, 'audio', 'dev.tsv')]).map((m) => resolve(m));
const whisper = await loadNodeWhisper(resolveModelDir(values.model!), values.dtype as 'fp32' | 'q8', null);
const vad = values['first-partial'] ? await loadNodeVad() : null;

/** [pre-speech pad start, speech confirmed] of the first utterance, in samples, or null when none opens. */
async function firstPartialSpan(model: SpeechProbabilityModel, audio: Float32Array): Promise<[number, number] | null> {
  model.reset();
  const segmenter = new SpeechSegmenter(DEFAULT_SETTINGS.vad);
  for (let at = 0; at + VAD_FRAME_SAMPLES <= audio.length; at += VAD_FRAME_SAMPLES) {
    const event = segmenter.push(await model.probability(audio.subarray(at, at + VAD_FRAME_SAMPLES)));
    if (event?.type === 'speech-start') return [event.startSample, at + VAD_FRAME_SAMPLES];
  }
  return null;
}
const rows: string[][] = [];
for (const manifest of manifests) {
  for (const entry of readManifest(manifest)) {
    let audio = (await loadAudio16k(entry.path)).subarray(0, 30 * SAMPLE_RATE);
    if (vad) {
      const span = await firstPartialSpan(vad, audio);
      if (!span) continue;
      audio = audio.subarray(...span);
    }
    const seconds = audio.length / SAMPLE_RATE;
    const result = await whisper.transcribe(audio);
    const guarded = await applyGuards(result, seconds);
    const words = splitWords(result.text);
    const loop = loopCut(words, DEFAULT_GUARDS.maxConsecutiveRepeats, DEFAULT_GUARDS.maxLoopWords);
    rows.push([
      relative(dirname(manifest), entry.path),
      entry.reference ? 'speech' : 'none',
      seconds.toFixed(2),
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
const header = ['file', 'reference', 'seconds', 'no-speech prob.', 'avg log-prob.', 'compression ratio', 'words/s', 'loop', 'text', 'guards'];
console.log([header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
await whisper.dispose();
