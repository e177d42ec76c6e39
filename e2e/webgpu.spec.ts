import { expect, test } from '@playwright/test';
import { fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav } from './support/fake-microphone';
import { dictateUntilFinal, openReady } from './support/session';
import { readManifest, sharedAudio } from '../test/support/shared-data';
import { wordErrorRate } from '../src/evaluation/wer';

/**
 * The WebGPU path on SwiftShader (Chromium's CPU Vulkan): one short clip. SwiftShader is slow:
 * on a 2-core machine every decode takes 2.5 minutes or more (encoder and first decoder step
 * ~110 s, then ~6 s a token), and this clip needs three (the warm-up at load, one partial, the
 * final): 11, 16.4 and 28 minutes in three runs here (SwiftShader's speed varies widely). The
 * limits leave room for a slower machine within CI's 90 minutes.
 */
const clip = 'dev/sb_spk1_snt1.wav';
const reference = readManifest('dev.tsv').find((e) => e.path.endsWith(clip.slice(3)))!.reference;
const fakeMic = makeFakeMicrophoneWav(sharedAudio(clip), 'sb_spk1_snt1-48k', 1, 4);

test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic, ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']) });

test('WebGPU (SwiftShader): a short clip gives the correct final text', async ({ page }) => {
  test.setTimeout(65 * 60_000);
  await openReady(page, 'model=Xenova/whisper-tiny.en&device=webgpu', 20 * 60_000);
  expect(await page.evaluate(async () => !!(await navigator.gpu?.requestAdapter())), 'WebGPU adapter').toBe(true);
  await expect(page.getByTestId('device')).toHaveText(/webgpu/i);
  const { finalText } = await dictateUntilFinal(page, 40 * 60_000);
  const { wer } = wordErrorRate(reference, finalText);
  expect(wer, `final text: ${finalText}`).toBe(0);
});
