import { catalog, type Preset } from '../../shared/catalog';
import { placeholders, SESSION_PLACEHOLDERS } from '../../shared/url-template';

/**
 * "Use as {param} in…" (issue 12): a value from a response — a users-table row's id, a JSON
 * value in Pretty — opens a preset with that path parameter filled. Which parameter is read
 * from where the value sits (`users.user[3].id` → `{user-id}`, `owner.id` → `{user-id}`), and
 * which presets from the catalog's paths.
 */

const counts = new Map<string, number>();
for (const preset of catalog)
  for (const name of placeholders(preset.path))
    if (!(SESSION_PLACEHOLDERS as readonly string[]).includes(name))
      counts.set(name, (counts.get(name) ?? 0) + 1);

/** Every path parameter the catalog uses, most used first (the session's two left out). */
export const pathParameters: readonly string[] = [...counts]
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  .map(([name]) => name);

/** Tableau's names for who owns or made a thing: they are users. */
const ALIASES: Record<string, string> = { owner: 'user', creator: 'user', author: 'user' };

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The path parameter a value at `steps` most likely is, or null when nothing fits. */
export function guessParameter(steps: ReadonlyArray<string | number>): string | null {
  const names = steps.filter((s): s is string => typeof s === 'string');
  const last = names[names.length - 1];
  if (!last) return null;
  let noun: string | undefined;
  if (last === 'id' || last === 'luid') noun = names[names.length - 2];
  else if (/.(Id|Luid)$/.test(last)) noun = last.replace(/(Id|Luid)$/, '');
  if (!noun) return null;
  const base = kebab(ALIASES[noun] ?? noun);
  for (const candidate of [base, base.replace(/s$/, ''), ALIASES[base.replace(/s$/, '')] ?? ''])
    if (candidate && counts.has(`${candidate}-id`)) return `${candidate}-id`;
  return null;
}

/** Steps for a table cell: the list's path, one item, then the column (`owner.id`). */
export function cellSteps(listPath: string | null, column: string): Array<string | number> {
  return [...(listPath ? listPath.split('.') : []), 0, ...column.split('.')];
}

/**
 * Presets whose path holds `{param}`: first those that act on the thing itself (the parameter
 * ends the path: Query User On Site, Update User, Remove User from Site), then the rest.
 */
export function presetsWithParameter(param: string): Preset[] {
  const token = `{${param}}`;
  const found = catalog.filter((p) => p.path.includes(token));
  const own = (p: Preset) => (p.path.replace(/\/+$/, '').endsWith(token) ? 0 : 1);
  return [...found].sort((a, b) => own(a) - own(b));
}
