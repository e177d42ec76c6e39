interface SearchInputProps {
  /** What is searched, as the accessible name and the placeholder ("Search languages"). */
  label: string;
  value: string;
  onChange(value: string): void;
}

/** A search field whose label is also its placeholder (the language picker, History). */
export function SearchInput({ label, value, onChange }: SearchInputProps) {
  return <input type="search" class="input" aria-label={label} placeholder={label} value={value} onInput={(event) => onChange(event.currentTarget.value)} />;
}
