import type { CollectionFolder, CollectionsDoc } from '../../shared/documents';
import type { VariablesView, VariableView } from '../../shared/environments';
import type { RequestSpec } from '../../shared/request';
import {
  describeUnresolved,
  resolveSpec,
  type Variable,
  type VariableHit,
  type VariableLayer,
} from '../../shared/variables';
import { emptyPlaceholders } from './resolved-url';

/**
 * The `{{variables}}` a tab sees, innermost first (DESIGN.md §11): values captured in this app
 * session, its saved request's folders (innermost first), its connection's environment, the
 * globals. The renderer never holds a secret's value: a secret resolves to `{{name}}` again
 * (left for the engine), and one with no value anywhere counts as not defined.
 */

/** Captured in this session by a capture whose scope is "run" (there is no run in the app). */
export type SessionVariables = Record<string, Variable[]>;

export const SESSION_LABEL = 'Captured this session';

/** A view's variables as the resolver reads them; a secret with no value is switched off. */
export function viewVariables(list: readonly VariableView[] | undefined): Variable[] {
  return (list ?? []).map(({ held, ...v }) =>
    v.secret && held === 'unset' ? { ...v, enabled: false } : v,
  );
}

/** The folders from a collection down to the one holding the saved request, outermost first. */
export function folderChain(
  doc: CollectionsDoc,
  savedRequestId: string | null,
): CollectionFolder[] {
  if (!savedRequestId) return [];
  const walk = (
    folders: CollectionFolder[],
    path: CollectionFolder[],
  ): CollectionFolder[] | null => {
    for (const folder of folders) {
      const here = [...path, folder];
      if (folder.requests.some((r) => r.id === savedRequestId)) return here;
      const inner = walk(folder.folders, here);
      if (inner) return inner;
    }
    return null;
  };
  return walk(doc.collections, []) ?? [];
}

export interface TabScopes {
  view: VariablesView | null;
  session: SessionVariables;
  connection: { id: string; name: string } | null;
  /** Outermost first, as `folderChain` gives them. */
  folders: CollectionFolder[];
}

export function layersFor({ view, session, connection, folders }: TabScopes): VariableLayer[] {
  const layers: VariableLayer[] = [];
  if (connection && session[connection.id]?.length)
    layers.push({ scope: 'iteration', label: SESSION_LABEL, variables: session[connection.id] });
  for (const folder of [...folders].reverse())
    if (folder.variables?.length)
      layers.push({
        scope: 'collection',
        label: `Folder “${folder.name}”`,
        variables: folder.variables,
      });
  if (connection)
    layers.push({
      scope: 'connection',
      label: `${connection.name} environment`,
      variables: viewVariables(view?.environments[connection.id]),
    });
  layers.push({ scope: 'global', label: 'Globals', variables: viewVariables(view?.globals) });
  return layers;
}

export interface SendPreparation {
  /** What goes to the engine: every non-secret `{{name}}` filled, secrets left as `{{name}}`. */
  spec: RequestSpec;
  hits: VariableHit[];
  unresolved: string[];
  where: Record<string, string[]>;
  /** Why Send is refused, in the user's words; null when it may go. */
  problem: string | null;
}

/**
 * Fills a tab's `{{names}}` for sending and says what blocks it: a name with no value, a value
 * that itself holds `{{…}}` (the engine would resolve it a second time — a value must never
 * pull in another variable or a secret), a path field a variable leaves empty.
 */
export function prepareSend(spec: RequestSpec, layers: readonly VariableLayer[]): SendPreparation {
  const resolved = resolveSpec(spec, layers, { secrets: 'keep' });
  const base = {
    spec: resolved.spec,
    hits: resolved.hits,
    unresolved: resolved.unresolved,
    where: resolved.where,
  };
  if (resolved.unresolved.length > 0) {
    const many = resolved.unresolved.length > 1;
    return {
      ...base,
      problem: `Not sent: ${describeUnresolved(resolved)} ${many ? 'have' : 'has'} no value. Set ${many ? 'them' : 'it'} in Variables (this connection’s environment, Globals or the request’s folder), or capture ${many ? 'them' : 'it'} from a response.`,
    };
  }
  const nested = resolved.hits.filter((h) => !h.secret && h.value.includes('{{'));
  if (nested.length > 0)
    return {
      ...base,
      problem: `Not sent: the value of ${nested.map((h) => `{{${h.name}}}`).join(', ')} (${nested[0].label}) holds “{{…}}”; a value cannot refer to another variable.`,
    };
  const empty = emptyPlaceholders(resolved.spec).filter((name) =>
    spec.pathParams[name]?.includes('{{'),
  );
  if (empty.length > 0)
    return {
      ...base,
      problem: `Not sent: ${empty.map((n) => `{${n}}`).join(', ')} would be empty — ${empty.length > 1 ? 'their variables have' : 'its variable has'} an empty value.`,
    };
  return { ...base, problem: null };
}

/** A hit as a hover says it: the value (masked for a secret) and the scope it came from. */
export function describeHit(hit: VariableHit): string {
  const value = hit.secret
    ? 'secret (its value stays in Trestle’s engine)'
    : hit.value === ''
      ? '(empty)'
      : `= ${hit.value.length > 200 ? `${hit.value.slice(0, 200)}…` : hit.value}`;
  return `{{${hit.name}}} ${value} — ${hit.label}`;
}
