import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SHARED_DIR } from '../../src/node/node-recognizer';

/** A row of a `file<TAB>reference` manifest, with the file's absolute path. */
export interface ManifestEntry {
  path: string;
  reference: string;
}

/** Reads a `../shared/audio` manifest (`dev.tsv`, `long.tsv`); paths are relative to the manifest. */
export function readManifest(name: string): ManifestEntry[] {
  const manifest = resolve(SHARED_DIR, 'audio', name);
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const [file, reference = ''] = line.split('\t');
      return { path: resolve(dirname(manifest), file), reference: reference.trim() };
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
