interface UpdateBannerProps {
  /** While capturing, reloading would cut the recording: the button waits. */
  capturing: boolean;
  onReload(): void;
}

/** "Update available" with a Reload button, disabled while dictating. */
export function UpdateBanner({ capturing, onReload }: UpdateBannerProps) {
  return (
    <div class="banner" role="status" data-testid="update">
      <p class="banner__text">
        <strong>Update available.</strong> {capturing ? 'Stop dictating, then reload to use it.' : 'Reload to use the new version.'}
      </p>
      <button type="button" class="button" disabled={capturing} onClick={onReload}>
        Reload
      </button>
    </div>
  );
}
