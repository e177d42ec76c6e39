import { defineConfig } from '@playwright/test';

import { BASE_CHROMIUM_ARGS, chromiumExecutablePath } from './e2e/support/fake-microphone';

/** Chromium flags that work on this kind of machine, plus a fake microphone (silence unless a spec plays a file). */
const chromiumArgs = [...BASE_CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Real models on 2 cores: one browser at a time, generous limits (no timing assertions).
  workers: 1,
  fullyParallel: false,
  timeout: 15 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: 'http://localhost:4173',
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutablePath, args: chromiumArgs },
    permissions: ['microphone', 'clipboard-read', 'clipboard-write'],
  },
  // `npm test` (scripts/run-tests.mjs) runs the slow WebGPU-on-SwiftShader project beside the
  // unit tests, then the others in this order, alone (it took 2 to 3 times longer after them).
  projects: [
    // Launch flags (WebGPU on SwiftShader, fake microphone) come from e2e/webgpu.spec.ts.
    { name: 'webgpu-swiftshader', testMatch: /webgpu\.spec\.ts/ },
    { name: 'wasm', testMatch: /(wasm|errors|mic-denied|transcript)\.spec\.ts/ },
    // Fault injection: a decode throws, the decoder worker dies, the microphone is unplugged.
    { name: 'faults', testMatch: /(faults|engine-fault)\.spec\.ts/ },
    { name: 'pwa', testMatch: /pwa\.spec\.ts/ },
  ],
  // The production build (the service worker exists only there), served by `vite preview` with
  // the COOP/COEP headers; it also serves ../shared/models at /models/ (vite.config.ts).
  webServer: {
    command: 'node scripts/prepare-assets.mjs && npx vite build --logLevel warn && npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
