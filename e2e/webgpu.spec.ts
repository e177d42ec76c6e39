import { expect, test } from '@playwright/test';
import { fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav } from './support/fake-microphone';
import { dictateUntilFinal, openReady } from './support/session';
import { readManifest, sharedAudio } from '../test/support/shared-data';
import { wordErrorRate } from '../src/evaluation/wer';

/**
 * The WebGPU path on SwiftShader (Chromium's CPU Vulkan): one short clip, with partials off
 * (`?partials=off`), so it costs two decodes: the warm-up at load and the final. SwiftShader
 * is slow: on a 2-core machine a decode takes minutes (encoder and first decoder step
 * ~110 s, then ~6 s a token). Debian's lavapipe (`mesa-vulkan-drivers`) would be the other
 * software Vulkan, but headless Chromium does not take it: with `VK_ICD_FILENAMES` set to
 * lavapipe and `--use-vulkan=native`, chrome://gpu still reports Vulkan disabled and the
 * WebGPU adapter is SwiftShader. The limits leave room for a slower machine.
 */
const clip = 'dev/sb_spk1_snt1.wav';
const reference = readManifest('dev.tsv').find((e) => e.path.endsWith(clip.slice(3)))!.reference;
const fakeMic = makeFakeMicrophoneWav(sharedAudio(clip), 'sb_spk1_snt1-48k', 1, 4);

test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic, ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']) });

test('WebGPU (SwiftShader): a short clip gives the correct final text', async ({ page }) => {
  test.setTimeout(45 * 60_000);
  await openReady(page, 'model=Xenova/whisper-tiny.en&device=webgpu&partials=off', 20 * 60_000);
  expect(await page.evaluate(async () => !!(await navigator.gpu?.requestAdapter())), 'WebGPU adapter').toBe(true);
  await expect(page.getByTestId('device')).toHaveText(/webgpu/i);
  const { finalText } = await dictateUntilFinal(page, 25 * 60_000);
  const { wer } = wordErrorRate(reference, finalText);
  expect(wer, `final text: ${finalText}`).toBe(0);
});
