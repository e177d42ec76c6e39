import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLanguages } from '../../../src/evaluation/language-accuracy';
import type { FinalEvent } from '../../../src/inference-worker/protocol';
import { readManifest } from '../../support/shared-data';

const final = (text: string, language?: string): FinalEvent => ({ type: 'final', utteranceId: 1, text, start: 0, end: 1, decodeMs: 1, ...(language ? { language } : {}) });

describe('checkLanguages', () => {
  it('counts the finals with words decoded in the manifest\'s language', () => {
    const check = checkLanguages([final('Guten Tag', 'de'), final('', 'en'), final('Ja', 'nl'), final('Danke', 'de'), { type: 'state', state: 'ready' }], 'de');
    expect(check).toEqual({ expected: 'de', finals: 3, matching: 2, detected: 'de ×2, nl ×1' });
  });

  it('says "none" for finals of an English-only model, which carry no language', () => {
    expect(checkLanguages([final('Ten of clubs.')], 'en')).toEqual({ expected: 'en', finals: 1, matching: 0, detected: 'none ×1' });
  });
});

describe('readManifest', () => {
  it('reads the language column by its header, in any column order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const path = join(dir, 'multi.tsv');
    writeFileSync(path, 'language\tfile\treference\nde\tde/a.wav\tGuten Tag.\n\nfr\tfr/b.wav\tBonjour.\n');
    expect(readManifest(path)).toEqual([
      { path: join(dir, 'de/a.wav'), reference: 'Guten Tag.', language: 'de' },
      { path: join(dir, 'fr/b.wav'), reference: 'Bonjour.', language: 'fr' },
    ]);
  });

  it('reads dev.tsv as before: file and reference, no language', () => {
    const dev = readManifest('dev.tsv');
    expect(dev).toHaveLength(25);
    expect(dev[0].reference).toMatch(/^And so my fellow Americans/);
    expect(dev.every((entry) => entry.language === undefined)).toBe(true);
  });
});
