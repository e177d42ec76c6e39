/**
 * Names the browser features Sotto needs that are missing here (empty when all are present):
 * AudioWorklet, microphone access (getUserMedia), WebAssembly and module Workers.
 * AudioWorklet and getUserMedia exist only in secure contexts (HTTPS or localhost).
 */
export function missingCapabilities(): string[] {
  const missing: string[] = [];
  if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') missing.push('AudioWorklet');
  if (typeof navigator.mediaDevices?.getUserMedia !== 'function') missing.push('microphone access (getUserMedia)');
  if (typeof WebAssembly !== 'object') missing.push('WebAssembly');
  if (typeof Worker !== 'function') missing.push('Web Workers');
  return missing;
}

/** A user-facing explanation of what is missing, with the likely cause. */
export function describeMissing(missing: string[]): string {
  const base = `This browser lacks ${missing.join(', ')}, which Sotto needs.`;
  return window.isSecureContext
    ? `${base} Try a recent Chrome, Edge, Firefox or Safari.`
    : `${base} Open the page over HTTPS (or on localhost): browsers hide these features on insecure pages.`;
}
