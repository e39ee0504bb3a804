import { useDeferredValue, useMemo, useState } from 'react';
import {
  itemTypeLabel,
  NO_QUICK_FILTERS,
  quickFilterOptions,
  snapshotFileName,
  viewRules,
  type AuditQuickFilters,
  type AuditSort,
} from '../../../shared/siteops/audit-view';
import {
  auditCsv,
  type AuditRule,
  type PermissionsAudit,
} from '../../../shared/siteops/permissions';
import { formatCount } from '../../lib/format';
import { AuditRulesTable } from './AuditRulesTable';
import { saveText } from '../../lib/download';

const QUICK_FILTERS: { key: keyof AuditQuickFilters; label: string; any: string }[] = [
  { key: 'itemType', label: 'Type', any: 'Any type' },
  { key: 'granteeType', label: 'Grantee kind', any: 'Users and groups' },
  { key: 'capability', label: 'Capability', any: 'Any capability' },
  { key: 'mode', label: 'Mode', any: 'Allow and Deny' },
  { key: 'source', label: 'From', any: 'Any source' },
];

interface Props {
  audit: PermissionsAudit;
  /** The rule picked: its item is the one effective permissions are shown for. */
  selected: AuditRule | null;
  onSelect(rule: AuditRule): void;
  /** Go to the effective permissions of the picked rule's item. */
  onExplain(): void;
}

/**
 * The audit's rules: the filter box (`filterRules`: every word in some column), quick filters,
 * "N of M rules", sorting, CSV and JSON of what is shown or of all, and the table.
 */
export function AuditRulesSection({ audit, selected, onSelect, onExplain }: Props) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [quick, setQuick] = useState<AuditQuickFilters>(NO_QUICK_FILTERS);
  const [sort, setSort] = useState<AuditSort | null>(null);
  const rules = audit.rules;
  const shown = useMemo(
    () => viewRules(rules, deferredQuery, quick, sort),
    [rules, deferredQuery, quick, sort],
  );
  const options = useMemo(() => quickFilterOptions(rules), [rules]);
  const filtered = deferredQuery.trim() !== '' || Object.values(quick).some((v) => v !== '');
  const base = snapshotFileName(audit).replace(/\.json$/, '');
  const exportRules = (which: AuditRule[], format: 'csv' | 'json', suffix: string) => {
    if (format === 'csv') saveText(auditCsv(which), `${base}${suffix}.csv`, 'text/csv');
    else
      saveText(`${JSON.stringify(which, null, 2)}\n`, `${base}${suffix}.json`, 'application/json');
  };

  return (
    <div className="audit-rules">
      <div className="toolbar audit-filters">
        <input
          type="search"
          aria-label="Filter rules"
          placeholder="Filter: words in any column, e.g. Finance Write"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {QUICK_FILTERS.map(({ key, label, any }) => (
          <select
            key={key}
            aria-label={`${label} filter`}
            value={quick[key]}
            onChange={(e) => setQuick((q) => ({ ...q, [key]: e.target.value }))}
          >
            <option value="">{any}</option>
            {options[key].map((o) => (
              <option key={o.value} value={o.value}>
                {key === 'itemType' ? itemTypeLabel(o.value) : o.value} ({formatCount(o.count)})
              </option>
            ))}
          </select>
        ))}
        {filtered && (
          <button
            type="button"
            className="small link"
            onClick={() => {
              setQuery('');
              setQuick(NO_QUICK_FILTERS);
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      <div className="toolbar">
        <span aria-label="Rule count" aria-live="polite">
          {formatCount(shown.length)} of {formatCount(rules.length)} rules
        </span>
        {selected && (
          <button type="button" className="small" onClick={onExplain}>
            Effective permissions on {itemTypeLabel(selected.itemType)} “{selected.itemName}”…
          </button>
        )}
        <span className="spacer" />
        <span className="muted small-text">Export shown</span>
        <button
          type="button"
          className="small"
          onClick={() => exportRules(shown, 'csv', filtered ? '-filtered' : '')}
        >
          CSV
        </button>
        <button
          type="button"
          className="small"
          onClick={() => exportRules(shown, 'json', filtered ? '-filtered' : '')}
        >
          JSON
        </button>
        {filtered && (
          <>
            <span className="muted small-text">Export all</span>
            <button type="button" className="small" onClick={() => exportRules(rules, 'csv', '')}>
              All CSV
            </button>
            <button type="button" className="small" onClick={() => exportRules(rules, 'json', '')}>
              All JSON
            </button>
          </>
        )}
      </div>
      <AuditRulesTable
        rules={shown}
        sort={sort}
        onSort={setSort}
        selected={selected}
        onSelect={onSelect}
      />
    </div>
  );
}
