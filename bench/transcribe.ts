/**
 * Streams one WAV file like a live client would see it:
 *
 *   npm run transcribe -- <file.wav> [--model <id-or-dir>] [--dtype fp32|q8]
 *                         [--window <s>] [--interval <ms>] [--redemption <ms>] [--fast]
 *
 * The same streaming run as the benchmark (`bench/common.ts`). The events are then replayed at
 * their virtual times: on a terminal the partial is rewritten in place (unstable tail dimmed)
 * and each final is printed on its own line with its audio span, emission time and
 * finalization latency; when stdout is not a terminal, or with `--fast`, nothing waits and each
 * partial gets its own line. A summary of the run's metrics ends the output.
 */
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { finalLatencyMs, percentile } from '../src/evaluation/streaming-metrics';
import type { SpeechRegion } from '../src/evaluation/reference-segmentation';
import type { TimedEvent } from '../src/simulation/realtime-simulation';
import { SAMPLE_RATE } from '../src/inference-worker/vad/speech-segmenter';
import { COMMON_OPTIONS, describeSettings, loadModels, scoreStreamedFile, settingsFromOptions, streamFile } from './common';

const { values, positionals } = parseArgs({
  options: { ...COMMON_OPTIONS, fast: { type: 'boolean', default: false } },
  allowPositionals: true,
  strict: true,
});
if (positionals.length !== 1) {
  process.stderr.write('usage: npm run transcribe -- <file.wav> [--model <id-or-dir>] [--dtype fp32|q8] [--window <s>] [--interval <ms>] [--redemption <ms>] [--fast]\n');
  process.exit(2);
}

const settings = settingsFromOptions(values);
const models = await loadModels(values);
const audio = await loadAudio16k(positionals[0]);
process.stderr.write(`Streaming ${positionals[0]} (${(audio.length / SAMPLE_RATE).toFixed(1)} s): ${describeSettings(settings)}\n`);
const streamed = await streamFile(audio, models, settings);
await replay(streamed.simulation.events, streamed.regions, Boolean(process.stdout.isTTY), !values.fast);

const m = scoreStreamedFile(positionals[0], null, audio, streamed);
const msText = (value: number | null) => (value === null ? '–' : `${value.toFixed(0)} ms`);
console.log(
  `\n${m.finals} finals, ${m.partials} partials, ${m.decodes} decodes (${m.decodesPerAudioSecond.toFixed(2)}/s), RTF ${m.rtf.toFixed(2)}; ` +
    `first partial ${msText(m.firstPartialMs)} after speech onset; finalization latency p50 ${msText(percentile(m.finalLatenciesMs, 50))}, ` +
    `max ${msText(percentile(m.finalLatenciesMs, 100))}; stable revisions ${m.stableWordRevisions}; peak RSS ${m.peakRssMb.toFixed(0)} MB`,
);
await models.whisper.dispose();

/** Prints the events at their virtual times (or at once), like a live client. */
async function replay(events: readonly TimedEvent[], regions: readonly SpeechRegion[], terminal: boolean, paced: boolean): Promise<void> {
  const wait = paced && terminal;
  const started = performance.now();
  const clock = (atMs: number) => `${(atMs / 1000).toFixed(2).padStart(6)} s`;
  for (const { atMs, event } of events) {
    if (event.type !== 'partial' && event.type !== 'final') continue;
    if (wait) await new Promise((done) => setTimeout(done, atMs - (performance.now() - started)));
    if (event.type === 'partial') {
      const prefix = `${clock(atMs)} … `;
      if (!terminal) {
        process.stdout.write(`${prefix}${event.stable} | ${event.unstable}\n`);
        continue;
      }
      // Keep the line within the terminal so that it can be rewritten in place.
      const room = Math.max(10, (process.stdout.columns ?? 80) - prefix.length - 1);
      const text = [event.stable, event.unstable].filter(Boolean).join(' ');
      const shown = text.length > room ? `…${text.slice(text.length - room + 1)}` : text;
      const tail = Math.min(shown.length, event.unstable.length);
      const line = `${shown.slice(0, shown.length - tail)}\x1b[2m${shown.slice(shown.length - tail)}\x1b[0m`;
      process.stdout.write(`\r\x1b[2K${prefix}${line}`);
    } else {
      const latency = finalLatencyMs(atMs, event, regions);
      const timing = `[${event.start.toFixed(2)}–${event.end.toFixed(2)} s, final at ${(atMs / 1000).toFixed(2)} s` +
        `${latency === null ? '' : `, ${latency.toFixed(0)} ms after speech end`}]`;
      process.stdout.write(`${terminal ? '\r\x1b[2K' : ''}${clock(atMs)} ✓ ${event.text}  ${timing}\n`);
    }
  }
}
