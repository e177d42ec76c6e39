import type { RecognizerState } from '../../inference-worker/protocol';

/** The recognizer state in words, with a coloured dot. */
export function StateIndicator({ state }: { state: RecognizerState }) {
  return (
    <p class="state" data-state={state}>
      <span class="state__dot" aria-hidden="true" />
      <span class="visually-hidden">Status: </span>
      <span data-testid="state">{state}</span>
    </p>
  );
}
