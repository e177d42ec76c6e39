import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../src/node/node-recognizer';
import { corpusRecipes, rmsDbfs, SNRS_DB } from '../../scripts/noise-corpus/recipes';
import { readManifest } from '../support/shared-data';

/** The noise corpus's recipes (`npm run corpus`), rendered with the real sox, timidity and freepats. */
describe('noise corpus recipes', () => {
  const recipes = corpusRecipes(join(SHARED_DIR, 'audio'));
  const tmpDir = mkdtempSync(join(tmpdir(), 'sotto-corpus-test-'));
  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

  it('puts every speech clip of dev.tsv under noise at each SNR, and every noise under at least two clips', () => {
    const speech = readManifest('dev.tsv').filter((e) => e.reference !== '');
    const noisy = recipes.filter((r) => r.reference !== '');
    expect(noisy).toHaveLength(speech.length * SNRS_DB.length);
    for (const snr of SNRS_DB) {
      expect(noisy.filter((r) => r.snrDb === snr).map((r) => r.reference)).toEqual(speech.map((e) => e.reference));
    }
    const nonSpeech = recipes.filter((r) => r.reference === '');
    expect(nonSpeech.every((r) => r.snrDb === undefined && r.file.startsWith('noise/'))).toBe(true);
    const noiseKinds = new Set(nonSpeech.map((r) => r.file.replace(/^noise\/|_-?\d+dBFS\.wav$/g, '')));
    for (const kind of noiseKinds) {
      expect(noisy.filter((r) => r.file.includes(`_${kind}_${SNRS_DB[0]}dB`)).length, kind).toBeGreaterThanOrEqual(2);
    }
  });

  it('renders the same samples every time (sox in its repeatable mode), at the level it names', async () => {
    for (const file of ['noise/pink_-35dBFS.wav', 'noise/alerts_-25dBFS.wav', 'speech/jfk_pink_10dB.wav']) {
      const recipe = recipes.find((r) => r.file === file)!;
      const first = await recipe.render(tmpDir);
      const second = await recipe.render(tmpDir);
      expect(second.length, file).toBe(first.length);
      expect(first.filter((x, i) => x !== second[i]).length, `${file}: samples that differ`).toBe(0);
      if (file.startsWith('noise/')) expect(rmsDbfs(first)).toBeCloseTo(Number(/(-\d+)dBFS/.exec(file)![1]), 1);
    }
  });
});
