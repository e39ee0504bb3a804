import { formatCount } from '../lib/format';

interface Props {
  value: string;
  onChange(text: string): void;
  /** Matches counted by main for the applied filter; null while it counts. */
  matches: number | null;
  total: number;
}

/**
 * The table's quick filter: words looked for in the visible columns, or `column:value`,
 * every term must match; run in main over the whole list (Ctrl/Cmd+F comes here).
 */
export function QuickFilterBox({ value, onChange, matches, total }: Props) {
  const active = value.trim() !== '';
  return (
    <span className="quick-filter">
      <input
        type="search"
        data-quick-filter=""
        aria-label="Filter the table"
        placeholder="Filter: text or column:value"
        title="Words are looked for in the visible columns; column:value (e.g. siteRole:viewer) in that column only; every term must match. Ctrl+F comes here."
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
        spellCheck={false}
      />
      {active && (
        <span className="muted" aria-label="Filter matches" aria-live="polite">
          {matches === null
            ? 'filtering…'
            : `${formatCount(matches)} of ${formatCount(total)} ${matches === 1 ? 'matches' : 'match'}`}
        </span>
      )}
    </span>
  );
}
