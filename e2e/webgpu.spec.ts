import { expect, test } from '@playwright/test';
import { fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav } from './support/fake-microphone';
import { decoderWorker, dictateUntilFinal, openReady } from './support/session';
import { readManifest, sharedAudio } from '../test/support/shared-data';
import { wordErrorRate } from '../src/evaluation/wer';

/**
 * The WebGPU path on SwiftShader (Chromium's CPU Vulkan), with partials off (`?partials=off`)
 * so that it costs two WebGPU decodes: the warm-up at load and one final. The fake
 * microphone says two sentences: the first must come out right on WebGPU; then the GPU
 * device is destroyed (`GPUDevice.destroy()`, as a driver reset would end it), and the app
 * must carry on with the second sentence on WASM, marked as a fallback line, with the first
 * line intact.
 *
 * SwiftShader is slow: on a 2-core machine a decode takes minutes (encoder and first decoder
 * step ~110 s, then ~6 s a token). Debian's lavapipe (`mesa-vulkan-drivers`) would be the
 * other software Vulkan, but headless Chromium does not take it: with `VK_ICD_FILENAMES` set
 * to lavapipe and `--use-vulkan=native`, chrome://gpu still reports Vulkan disabled and the
 * WebGPU adapter is SwiftShader. The limits leave room for a slower machine.
 */
const clips = ['dev/sb_spk1_snt1.wav', 'dev/sb_spk2_snt2.wav'];
const references = clips.map((clip) => readManifest('dev.tsv').find((e) => e.path.endsWith(clip.slice(3)))!.reference);
const fakeMic = makeFakeMicrophoneWav(clips.map(sharedAudio), 'webgpu-two-sentences-48k', 1, 4);

test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic, ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']) });

test('WebGPU (SwiftShader): a correct final on WebGPU; the GPU device destroyed, the next sentence on WASM', async ({ page }) => {
  test.setTimeout(45 * 60_000);
  await openReady(page, 'model=Xenova/whisper-tiny.en&device=webgpu&partials=off', 20 * 60_000);
  expect(await page.evaluate(async () => !!(await navigator.gpu?.requestAdapter())), 'WebGPU adapter').toBe(true);
  await expect(page.getByTestId('device')).toHaveText(/webgpu/i);
  const { finalText } = await dictateUntilFinal(page, 25 * 60_000);
  expect(wordErrorRate(references[0], finalText).wer, `final text: ${finalText}`).toBe(0);

  // The device ONNX Runtime decodes on is destroyed at its next use (the next decode, or the one running now).
  await (await decoderWorker(page)).evaluate(() => {
    const encode = GPUDevice.prototype.createCommandEncoder;
    GPUDevice.prototype.createCommandEncoder = function (this: GPUDevice, descriptor?: GPUCommandEncoderDescriptor) {
      GPUDevice.prototype.createCommandEncoder = encode;
      this.destroy();
      return encode.call(this, descriptor);
    };
  });
  const crashed = page.locator('[role="alert"][data-code="decoder-crashed"]');
  await expect(crashed).toBeVisible({ timeout: 10 * 60_000 });
  await expect(crashed).toContainText(/GPU device was lost.*on WASM/);
  const fallback = page.locator('.final__line[data-fallback]');
  await expect(fallback).toHaveCount(1, { timeout: 10 * 60_000 });
  expect(wordErrorRate(references[1], await fallback.innerText()).wer).toBeLessThanOrEqual(0.2);
  const lines = (await page.getByTestId('final').innerText()).split('\n').filter((line) => line.trim());
  expect(lines[0]).toBe(finalText);
});
