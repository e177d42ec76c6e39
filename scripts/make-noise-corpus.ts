/**
 * Generates the noise corpus (see `scripts/noise-corpus/recipes.ts`):
 *
 *   npm run corpus -- [--out <dir>]
 *
 * Writes 16 kHz mono PCM16 WAVs into `corpus/` (git-ignored; `--out` to change) and the
 * manifest `corpus/noise.tsv`: `file<TAB>reference<TAB>snr_db<TAB>source`, paths relative to
 * the manifest, empty references (and SNRs) for non-speech, dev.tsv's references and the
 * mix's SNR in dB for the noisy speech (the benchmark reports WER by SNR from that column).
 * Needs the Debian packages sox, timidity, freepats and sound-theme-freedesktop (`.ci/run`
 * installs them) and `../shared/audio`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeWav16 } from '../src/audio-file/wav';
import { REPO_ROOT, SHARED_DIR } from '../src/node/node-recognizer';
import { SAMPLE_RATE } from '../src/inference-worker/vad/speech-segmenter';
import { corpusRecipes } from './noise-corpus/recipes';

const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(REPO_ROOT, 'corpus') } }, strict: true });
const out = resolve(values.out!);
const tmpDir = mkdtempSync(join(tmpdir(), 'sotto-corpus-'));
const rows = ['file\treference\tsnr_db\tsource'];
try {
  for (const recipe of corpusRecipes(resolve(SHARED_DIR, 'audio'))) {
    const samples = await recipe.render(tmpDir);
    mkdirSync(dirname(join(out, recipe.file)), { recursive: true });
    writeFileSync(join(out, recipe.file), encodeWav16(samples, SAMPLE_RATE));
    rows.push([recipe.file, recipe.reference, recipe.snrDb ?? '', recipe.source].join('\t'));
    process.stderr.write(`${recipe.file} (${(samples.length / SAMPLE_RATE).toFixed(1)} s)\n`);
  }
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}
writeFileSync(join(out, 'noise.tsv'), `${rows.join('\n')}\n`);
process.stderr.write(`${rows.length - 1} files and ${join(out, 'noise.tsv')}\n`);
