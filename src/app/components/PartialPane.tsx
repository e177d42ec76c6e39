import type { OpenPartial } from '../state/transcript';

/** The open utterance: committed words solid, the still-changing tail dimmed. */
export function PartialPane({ partial }: { partial: OpenPartial | null }) {
  return (
    <p class="partial" data-testid="partial">
      {partial?.stable && <span class="stable">{partial.stable}</span>}
      {partial?.stable && partial.unstable && ' '}
      {partial?.unstable && <span class="unstable">{partial.unstable}</span>}
    </p>
  );
}
