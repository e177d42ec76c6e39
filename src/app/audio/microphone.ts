import { AppError } from '../engine/app-error';

/**
 * Constraints for dictation: mono, no echo cancellation or automatic gain (both distort
 * speech for ASR); noise suppression is left at the browser's default.
 */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: { channelCount: 1, echoCancellation: false, autoGainControl: false },
  video: false,
};

/**
 * Opens the microphone. Rejects with an AppError: `mic-denied` when permission is refused,
 * `mic-unavailable` when there is no usable input device.
 */
export async function openMicrophone(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
  } catch (error) {
    throw toMicrophoneError(error);
  }
}

/** Maps a getUserMedia failure to an AppError with a message the user can act on. */
export function toMicrophoneError(error: unknown): AppError {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AppError(
        'mic-denied',
        'Microphone access was denied. Allow the microphone for this site (the icon in the address bar), then press Start again.',
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AppError('mic-unavailable', 'No microphone was found. Connect one, then press Start again.');
    case 'NotReadableError':
    case 'AbortError':
      return new AppError(
        'mic-unavailable',
        'The microphone could not be opened; another app may be using it. Close it, then press Start again.',
      );
    default:
      return new AppError('mic-unavailable', `The microphone could not be opened: ${String(error)}`);
  }
}
