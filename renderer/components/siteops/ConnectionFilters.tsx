import type { ConnectionFilter } from '../../../shared/siteops/connection-view';
import { formatCount } from '../../lib/format';

const ANY = '\u0000any';

type Values = Record<
  'serverAddress' | 'serverPort' | 'userName' | 'type',
  { value: string; count: number }[]
>;

const FIELDS: { field: keyof Values; label: string; empty: string }[] = [
  { field: 'serverAddress', label: 'Server address', empty: '(none: a file)' },
  { field: 'serverPort', label: 'Port', empty: '(none)' },
  { field: 'userName', label: 'User name', empty: '(none)' },
  { field: 'type', label: 'Database type', empty: '(none)' },
];

/** One choice per field (the values the listed connections have, with counts) and free text. */
export function ConnectionFilters({
  filter,
  values,
  onChange,
}: {
  filter: ConnectionFilter;
  values: Values;
  onChange(filter: ConnectionFilter): void;
}) {
  return (
    <div className="conn-filters" role="group" aria-label="Filter connections">
      {FIELDS.map(({ field, label, empty }) => (
        <label key={field}>
          {label}
          <select
            aria-label={`Filter by ${label.toLowerCase()}`}
            value={filter[field] ?? ANY}
            onChange={(e) =>
              onChange({ ...filter, [field]: e.target.value === ANY ? null : e.target.value })
            }
          >
            <option value={ANY}>Any</option>
            {values[field].map(({ value, count }) => (
              <option key={value} value={value}>
                {value || empty} ({formatCount(count)})
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="conn-filter-text">
        Text
        <input
          type="search"
          aria-label="Filter by text"
          placeholder="item, project, server, user…"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
    </div>
  );
}
