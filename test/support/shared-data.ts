import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SHARED_DIR } from '../../src/node/node-recognizer';

/** A row of a `file<TAB>reference[<TAB>language][<TAB>snr_db]` manifest, with the file's absolute path. */
export interface ManifestEntry {
  path: string;
  reference: string;
  /** The Whisper language code of the speech, where the manifest has a `language` column. */
  language?: string;
  /** Signal-to-noise ratio of speech mixed with noise, dB, where the manifest has an `snr_db` column (the noise corpus). */
  snrDb?: number;
}

/**
 * Reads a manifest: a header line naming the columns (`file`, `reference`, optionally
 * `language` and `snr_db`, in any order, others ignored; without a header naming `file`, the columns are `file` and
 * `reference`), then one file per line, its path relative to the manifest. `name` is a file
 * under `../shared/audio` (`dev.tsv`, `long.tsv`) or any path.
 * @throws Error when the header lacks a `file` or `reference` column, or an `snr_db` cell is not a number
 */
export function readManifest(name: string): ManifestEntry[] {
  const manifest = resolve(SHARED_DIR, 'audio', name);
  const [header = '', ...rows] = readFileSync(manifest, 'utf8').split('\n');
  const named = header.split('\t').map((column) => column.trim().toLowerCase());
  const columns = named.includes('file') ? named : ['file', 'reference'];
  const index = (column: string) => columns.indexOf(column);
  if (index('reference') < 0) throw new Error(`${manifest}: the header names no reference column`);
  return rows
    .filter((line) => line.trim())
    .map((line) => {
      const cells = line.split('\t');
      const language = index('language') >= 0 ? cells[index('language')]?.trim() : undefined;
      const snr = index('snr_db') >= 0 ? cells[index('snr_db')]?.trim() : undefined;
      if (snr && !Number.isFinite(Number(snr))) throw new Error(`${manifest}: snr_db "${snr}" is not a number (${cells[index('file')]})`);
      return {
        path: resolve(dirname(manifest), cells[index('file')]),
        reference: (cells[index('reference')] ?? '').trim(),
        ...(language ? { language } : {}),
        ...(snr ? { snrDb: Number(snr) } : {}),
      };
    });
}

/** Absolute path of a file under `../shared/audio`. */
export const sharedAudio = (file: string) => resolve(SHARED_DIR, 'audio', file);

/**
 * The clips `long_pauses.wav` was built from, in order: each followed by 1.2 s of silence
 * (checked by locating the clips' samples in the long file). Their texts make up the
 * reference of `long.tsv`.
 */
export const LONG_PAUSES_CLIPS = [
  'dev/jfk.wav',
  'dev/LDC93S1.wav',
  'dev/arctic_a0024.wav',
  'dev/61-70968-0002.wav',
  'dev/sb_spk1_snt1.wav',
  'dev/sb_spk1_snt3.wav',
  'dev/LJ050-0131.wav',
  'dev/sb_spk2_snt2.wav',
];
export const LONG_PAUSES_GAP_SECONDS = 1.2;
