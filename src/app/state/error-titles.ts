import type { ErrorCode } from '../../inference-worker/protocol';

const TITLES: Readonly<Record<ErrorCode, string>> = {
  'mic-denied': 'Microphone blocked',
  'mic-unavailable': 'Microphone unavailable',
  'unsupported-browser': 'Browser not supported',
  'model-load-failed': 'The speech model could not be loaded',
  'storage-full': 'Not enough storage for the speech model',
  'model-file-damaged': 'A stored model file was damaged',
  'vad-load-failed': 'The voice detector could not be loaded',
  'decode-failed': 'Part of the audio could not be transcribed',
  'decoder-crashed': 'The speech decoder stopped',
  'engine-crashed': 'The speech engine stopped',
  'bad-audio': 'Audio problem',
};

/** A short headline for an error code; the event's message gives the details. */
export function errorTitle(code: ErrorCode): string {
  return TITLES[code];
}
