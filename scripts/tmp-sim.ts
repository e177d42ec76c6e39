import { loadAudio16k } from '../src/audio-file/read-wav-file';
import { loadNodeVad, loadNodeWhisper } from '../src/node/node-recognizer';
import { simulateRealtime } from '../src/simulation/realtime-simulation';
import { DEFAULT_SETTINGS, mergeSettings } from '../src/inference-worker/streaming/settings';
const audio = await loadAudio16k(process.argv[2]);
const vad = await loadNodeVad();
const transcriber = await loadNodeWhisper();
for (const redemptionMs of process.argv.slice(3).map(Number)) {
  const settings = mergeSettings(DEFAULT_SETTINGS, { vad: { ...DEFAULT_SETTINGS.vad, redemptionMs } });
  const r = await simulateRealtime(audio, { vad, transcriber, settings });
  const finals = r.events.filter((e) => e.event.type === 'final');
  console.log(`redemption ${redemptionMs}: ${finals.length} finals, ${r.decodes} decodes, compute ${(r.decodeComputeMs/1000).toFixed(1)} s for ${r.audioSeconds.toFixed(1)} s`);
  for (const f of finals) { const e = f.event as any; console.log(`  [${e.start.toFixed(2)}-${e.end.toFixed(2)}] at ${(f.atMs/1000).toFixed(2)} (+${(f.atMs/1000-e.end).toFixed(2)}) ${e.text}`); }
  const partials = r.events.filter((e) => e.event.type === 'partial');
  console.log('  partials', partials.length);
}
