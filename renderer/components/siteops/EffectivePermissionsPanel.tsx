import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { itemLabels } from '../../../shared/siteops/audit-view';
import {
  EFFECTIVE_PERMISSIONS_DOC,
  effectivePermissions,
  type AuditItemType,
  type PermissionsAudit,
} from '../../../shared/siteops/permissions';
import { formatCount } from '../../lib/format';

/** At most this many matches in a picker; typing narrows them. */
const PICKER_LIMIT = 200;

export interface ItemRef {
  type: AuditItemType;
  id: string;
}

interface Props {
  audit: PermissionsAudit;
  item: ItemRef | null;
  onItem(item: ItemRef | null): void;
  userId: string;
  onUser(userId: string): void;
}

function matches<T>(list: readonly T[], text: (t: T) => string, query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: T[] = [];
  for (const entry of list) {
    const t = text(entry).toLowerCase();
    if (words.every((w) => t.includes(w))) out.push(entry);
    if (out.length >= PICKER_LIMIT) break;
  }
  return out;
}

/**
 * Effective permissions of one user on one item, from the audit, by Tableau's evaluation order
 * (shared/siteops/permissions.ts `effectivePermissions`): each capability allowed or denied,
 * and the steps that decided it, rule by rule.
 */
export function EffectivePermissionsPanel({ audit, item, onItem, userId, onUser }: Props) {
  const [userSearch, setUserSearch] = useState('');
  const [itemSearch, setItemSearch] = useState('');
  const userQuery = useDeferredValue(userSearch);
  const itemQuery = useDeferredValue(itemSearch);
  const labels = useMemo(() => itemLabels(audit), [audit]);
  const labelOf = (i: ItemRef) => labels.get(`${i.type}:${i.id}`) ?? `${i.type} ${i.id}`;

  const users = useMemo(
    () => matches(audit.users, (u) => `${u.name} ${u.siteRole}`, userQuery),
    [audit.users, userQuery],
  );
  const items = useMemo(
    () => matches(audit.items, (i) => labels.get(`${i.type}:${i.id}`) ?? i.name, itemQuery),
    [audit.items, labels, itemQuery],
  );

  const result = useMemo(() => {
    if (!userId || !item) return null;
    try {
      return { ok: effectivePermissions(audit, userId, item.type, item.id), error: null };
    } catch (error) {
      return { ok: null, error: (error as Error).message };
    }
  }, [audit, userId, item]);
  const user = audit.users.find((u) => u.id === userId);
  const groups = user ? audit.groups.filter((g) => g.userIds.includes(user.id)) : [];
  const owner = result?.ok?.item.ownerId
    ? audit.users.find((u) => u.id === result.ok.item.ownerId)
    : undefined;
  const userOptions = user && !users.includes(user) ? [user, ...users] : users;
  const chosenItem = item
    ? audit.items.find((i) => i.type === item.type && i.id === item.id)
    : null;
  const itemOptions = chosenItem && !items.includes(chosenItem) ? [chosenItem, ...items] : items;
  // An item picked from a row in Rules: the item search names it, so the list shows it.
  const pickedHere = useRef(false);
  useEffect(() => {
    if (item && !pickedHere.current) setItemSearch(labels.get(`${item.type}:${item.id}`) ?? '');
    pickedHere.current = false;
  }, [item, labels]);

  return (
    <div className="audit-effective">
      <div className="audit-pickers">
        <div className="audit-picker">
          <label htmlFor="audit-user">User</label>
          <input
            type="search"
            aria-label="Search users"
            placeholder={`Search ${formatCount(audit.users.length)} users`}
            value={userSearch}
            onChange={(e) => setUserSearch(e.target.value)}
          />
          <select id="audit-user" size={6} value={userId} onChange={(e) => onUser(e.target.value)}>
            {userOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.siteRole})
              </option>
            ))}
          </select>
        </div>
        <div className="audit-picker">
          <label htmlFor="audit-item">Item</label>
          <input
            type="search"
            aria-label="Search items"
            placeholder={`Search ${formatCount(audit.items.length)} items, or pick a row in Rules`}
            value={itemSearch}
            onChange={(e) => setItemSearch(e.target.value)}
          />
          <select
            id="audit-item"
            size={6}
            value={item ? `${item.type}:${item.id}` : ''}
            onChange={(e) => {
              const [type, ...rest] = e.target.value.split(':');
              pickedHere.current = true;
              onItem({ type: type as AuditItemType, id: rest.join(':') });
            }}
          >
            {itemOptions.map((i) => (
              <option key={`${i.type}:${i.id}`} value={`${i.type}:${i.id}`}>
                {labelOf(i)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {!result && (
        <p className="muted">
          Pick a user and an item (or pick a row in Rules) to see what the user may do on it, and
          why.
        </p>
      )}
      {result?.error && (
        <p className="error-text" role="alert">
          {result.error}
        </p>
      )}
      {result?.ok && user && item && (
        <section aria-label="Effective permissions result" className="audit-effective-result">
          <p aria-label="Effective permissions of">
            <strong>{user.name}</strong> ({user.siteRole}) on <strong>{labelOf(item)}</strong>
            {owner ? ` · owner ${owner.name}` : ''} · groups:{' '}
            {groups.map((g) => g.name).join(', ') || 'none'}
          </p>
          <table className="audit-effective-table">
            <thead>
              <tr>
                <th>Capability</th>
                <th>Result</th>
                <th>How it was decided, rule by rule</th>
              </tr>
            </thead>
            <tbody>
              {result.ok.capabilities.map((c) => (
                <tr
                  key={c.capability}
                  aria-label={`${c.capability} ${c.allowed ? 'allowed' : 'denied'}`}
                >
                  <td>{c.capability}</td>
                  <td className={c.allowed ? 'mode-allow' : 'mode-deny'}>
                    {c.allowed ? 'Allowed' : 'Denied'}
                  </td>
                  <td>
                    <ol className="audit-steps">
                      {c.steps.map((s, n) => (
                        <li key={n} className={`step-${s.outcome.replace(' ', '-')}`}>
                          <strong>{s.rule}</strong> — {s.outcome}: {s.detail}
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small-text">
            Evaluated in the order of Tableau’s “Effective permissions” page:{' '}
            <a href={EFFECTIVE_PERMISSIONS_DOC} target="_blank" rel="noreferrer">
              {EFFECTIVE_PERMISSIONS_DOC}
            </a>{' '}
            — site role ceiling, administrators, owner and project leader, locked project, a user
            rule over group rules, Deny over Allow among groups, and denied when nothing allows it.
          </p>
        </section>
      )}
    </div>
  );
}
