import { effect, signal } from '@preact/signals';
import { get, set } from 'idb-keyval';
import { settingsStore } from './settings';

/** The transcript view's choices, kept in the settings database across visits. */
export interface TranscriptPreferences {
  /** Show each line's audio start and end before it (they are always in its tooltip). */
  showTimes: boolean;
  /** Copy the whole transcript to the clipboard when dictation stops (Handy's habit); off by default. */
  copyOnStop: boolean;
}

const KEY = 'transcript-preferences';

/** The preferences as a signal: defaults until the saved ones are read, saved on every change. */
export const transcriptPreferences = signal<TranscriptPreferences>({ showTimes: false, copyOnStop: false });

let loaded = false;
void get<Partial<TranscriptPreferences>>(KEY, settingsStore)
  .then((saved) => {
    transcriptPreferences.value = { ...transcriptPreferences.value, ...saved };
  })
  .catch(() => {}) // no IndexedDB (some private modes): the defaults apply
  .finally(() => {
    loaded = true;
  });

effect(() => {
  const preferences = transcriptPreferences.value;
  if (loaded) void set(KEY, preferences, settingsStore).catch(() => {}); // a failed save only loses the choice for later visits
});

/** Changes some preferences (and saves them). */
export function setTranscriptPreferences(patch: Partial<TranscriptPreferences>): void {
  transcriptPreferences.value = { ...transcriptPreferences.value, ...patch };
}
