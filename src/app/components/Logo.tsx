/** The Sotto mark (same drawing as public/icon.svg), decorative. */
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" class="logo__tile" />
      <path d="M8 13v6M12 10v12M16 7v18M20 10v12M24 13v6" class="logo__bars" />
    </svg>
  );
}
