import { signal } from '@preact/signals';

/** Chromium's `beforeinstallprompt` event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * The browser's pending offer to install the app, captured from page load on (the event may
 * come before the UI renders); null when there is none or it was used.
 */
const offer = signal<BeforeInstallPromptEvent | null>(null);
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault(); // keep the browser's own mini-infobar away: the Install button offers it
  offer.value = event as BeforeInstallPromptEvent;
});
window.addEventListener('appinstalled', () => (offer.value = null));

/** Whether the browser offers installation now, and a function that shows its install dialog. */
export function useInstallPrompt(): { canInstall: boolean; install(): void } {
  const event = offer.value;
  return {
    canInstall: event !== null,
    install() {
      if (!event) return;
      offer.value = null; // an offer can be shown only once
      void event.prompt();
    },
  };
}
