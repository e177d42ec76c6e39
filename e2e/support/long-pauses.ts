import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { decodeWav } from '../../src/audio-file/wav';
import { LONG_PAUSES_CLIPS, LONG_PAUSES_GAP_SECONDS, readManifest, sharedAudio } from '../../test/support/shared-data';
import { wordErrorRate } from '../../src/evaluation/wer';

/** The reference text of each sentence of `long_pauses.wav`, in order. */
export const LONG_PAUSES_SENTENCES: readonly string[] = (() => {
  const references = new Map(readManifest('dev.tsv').map((e) => [e.path, e.reference]));
  return LONG_PAUSES_CLIPS.map((clip) => references.get(sharedAudio(clip))!);
})();

/**
 * Where each sentence of `long_pauses.wav` starts and ends in the file, seconds: the clips
 * back to back, each followed by {@link LONG_PAUSES_GAP_SECONDS} of silence.
 */
export const LONG_PAUSES_TIMES: readonly { start: number; end: number }[] = (() => {
  let start = 0;
  return LONG_PAUSES_CLIPS.map((clip) => {
    const { samples, sampleRate } = decodeWav(readFileSync(sharedAudio(clip)));
    const end = start + samples.length / sampleRate;
    const times = { start, end };
    start = end + LONG_PAUSES_GAP_SECONDS;
    return times;
  });
})();

/**
 * A final line "is" a sentence when it is within this WER of it: it only finds the sentence's
 * line (the sentences share almost no words). tiny.en gives 0-27 % on them, with the utterance
 * bounds of the run ("She had your dog suit and greasy wash for all year": 3 of 11).
 */
export const SAME_SENTENCE_WER = 0.4;

/** The final pane's lines: its innerText, one line a final. */
export async function finalLines(page: Page): Promise<string[]> {
  return (await page.getByTestId('final').innerText()).split('\n').filter((line) => line.trim());
}

/** The index of the final line that is sentence `sentence` of `long_pauses.wav`, or -1. */
export async function lineOfSentence(page: Page, sentence: number): Promise<number> {
  return (await finalLines(page)).findIndex((line) => wordErrorRate(LONG_PAUSES_SENTENCES[sentence], line).wer <= SAME_SENTENCE_WER);
}

/** Waits (up to `timeoutMs`) until a final line is sentence `sentence`; the failure names the lines there were. */
export async function expectLineOfSentence(page: Page, sentence: number, timeoutMs = 5 * 60_000): Promise<void> {
  let seen: string[] = [];
  await expect
    .poll(async () => ((seen = await finalLines(page)), lineOfSentence(page, sentence)), { timeout: timeoutMs, intervals: [500] })
    .toBeGreaterThanOrEqual(0)
    .catch((error: Error) => {
      throw new Error(`no final line is "${LONG_PAUSES_SENTENCES[sentence]}"; the lines: ${JSON.stringify(seen)}\n${error.message}`);
    });
}
