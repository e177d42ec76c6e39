import { Silero } from '@ricky0123/vad-web/dist/models/silero.js';
import type { SpeechProbabilityModel } from './speech-probability';
import { VAD_FRAME_SAMPLES } from './speech-segmenter';

/** An ONNX Runtime module: `onnxruntime-web` in the browser, `onnxruntime-node` in Node. */
export type OrtModule = Parameters<typeof Silero.new>[0];

/**
 * Loads Silero VAD v5 (`silero_vad_v5.onnx` as shipped by `@ricky0123/vad-web`) with the
 * given ONNX Runtime, using vad-web's model wrapper (RNN state and the 64-sample context
 * that silero-vad's `OnnxWrapper` prepends to each 512-sample frame).
 *
 * @param ort the ONNX Runtime module to run it with (any runtime with the onnxruntime-common API)
 * @param modelBytes contents of `silero_vad_v5.onnx`
 * @throws Error when ONNX Runtime cannot create the session (corrupt or wrong file)
 */
export async function loadSileroVad(ort: unknown, modelBytes: ArrayBuffer): Promise<SpeechProbabilityModel> {
  const model = await Silero.new(ort as OrtModule, async () => modelBytes);
  return {
    async probability(frame: Float32Array): Promise<number> {
      if (frame.length !== VAD_FRAME_SAMPLES) throw new RangeError(`Silero VAD v5 needs ${VAD_FRAME_SAMPLES}-sample frames at 16 kHz, got ${frame.length}`);
      return (await model.process(frame)).isSpeech;
    },
    reset: () => model.reset_state(),
  };
}
