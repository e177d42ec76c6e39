import { expect, test } from '@playwright/test';
import { fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav, wavDurationSeconds } from './support/fake-microphone';
import { dictateUntilFinal, openReady, stopAfterMicrophone, trackForeignRequests } from './support/session';
import { readManifest, sharedAudio } from '../test/support/shared-data';
import { wordErrorRate } from '../src/evaluation/wer';

const reference = readManifest('dev.tsv').find((e) => e.path.endsWith('/jfk.wav'))!.reference;
const fakeMic = makeFakeMicrophoneWav(sharedAudio('dev/jfk.wav'), 'jfk-48k');
const FAKE_MIC_MS = wavDurationSeconds(fakeMic) * 1000;

test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic) });

test('WASM: dictating jfk.wav shows partials, then a correct final that Copy puts on the clipboard', async ({ page, baseURL }, testInfo) => {
  const foreign = trackForeignRequests(page, baseURL!);
  await openReady(page, 'model=Xenova/whisper-tiny.en&device=wasm', 5 * 60_000);
  await expect(page.getByText(/wasm/i).first()).toBeVisible();

  const started = Date.now();
  const { partialBeforeFinal, finalText } = await dictateUntilFinal(page, 5 * 60_000);
  expect(partialBeforeFinal, 'a partial should show before its final').toBe(true);
  await stopAfterMicrophone(page, started, FAKE_MIC_MS, 5 * 60_000);

  const transcript = (await page.getByTestId('final').innerText()).trim();
  expect(finalText.length).toBeGreaterThan(0);
  const { wer } = wordErrorRate(reference, transcript);
  console.log(`WASM e2e: WER ${(wer * 100).toFixed(1)}% for ${JSON.stringify(transcript)}`);
  expect(wer, `final text: ${transcript}`).toBeLessThanOrEqual(0.1);

  await page.getByTestId('copy').click();
  await expect(page.getByRole('status').filter({ hasText: /copied/i })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(transcript);

  await page.screenshot({ path: testInfo.outputPath('after-final.png'), fullPage: true });
  expect(foreign, 'requests that left the page origin').toEqual([]);
});
