/**
 * Frame-level voice activity model: speech probability of consecutive 512-sample frames of
 * 16 kHz audio. Stateful (Silero carries an RNN state and 64 samples of context), so frames
 * must arrive in order; `reset` starts a new stream.
 */
export interface SpeechProbabilityModel {
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
}
