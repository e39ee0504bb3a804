import type { RequestSpec } from '../../shared/request';
import {
  lookupVariable,
  resolveSpec,
  SECRET_MASK,
  variableNames,
  type VariableHit,
  type VariableLayer,
} from '../../shared/variables';
import { resolveUrl, type ResolvedUrl, type UrlPiece, type UrlTarget } from './resolved-url';
import { sendableSpec } from './request-spec';

/** A piece of the resolved URL: as `resolveUrl` gives them, plus the stretches variables filled. */
export type VariableUrlPiece =
  | UrlPiece
  | { kind: 'variable'; text: string; hit: VariableHit }
  | { kind: 'unresolved'; text: string; name: string };

export interface VariableUrl extends Omit<ResolvedUrl, 'pieces'> {
  pieces: VariableUrlPiece[];
  /** Every `{{name}}` the request uses (path, query, headers, body) that has a value. */
  hits: VariableHit[];
  unresolved: string[];
}

// Letters and digits only: percent-encoding, form-encoding and the URL parser leave them as
// they are, so they come through `resolveUrl` unchanged around the value they mark.
const open = (i: number) => `zqTV${i}Szq`;
const close = (i: number) => `zqTV${i}Ezq`;
const SECRET = 'zqTVSECRETzq';
const missing = (i: number) => `zqTU${i}zq`;
const MARK = /zqTV(\d+)Szq|zqTV(\d+)Ezq|zqTVSECRETzq|zqTU(\d+)zq/g;

function allNames(spec: RequestSpec): string[] {
  const texts = [
    spec.path,
    ...Object.values(spec.pathParams),
    ...spec.query.filter((q) => q.enabled).flatMap((q) => [q.name, q.value]),
    ...spec.headers.filter((h) => h.enabled).flatMap((h) => [h.name, h.value]),
    spec.body.kind === 'none' ? '' : spec.body.text,
  ];
  return [...new Set(texts.flatMap(variableNames))];
}

/**
 * The URL a request resolves to with its `{{variables}}` filled — as the engine will send it,
 * but with secrets shown as `••••••` — and which stretches each variable filled, for hovers.
 * A `{{name}}` with no value is marked and there is no URL, as with an empty `{placeholder}`.
 */
export function resolveUrlWithVariables(
  spec: RequestSpec,
  target: UrlTarget | null,
  layers: readonly VariableLayer[],
): VariableUrl {
  const names = allNames(sendableSpec(spec));
  const hits: VariableHit[] = [];
  const unresolved: string[] = [];
  const marked: VariableLayer = { scope: 'iteration', label: 'marked', variables: [] };
  for (const name of names) {
    const hit = lookupVariable(name, layers);
    let value: string;
    if (hit) {
      value = `${open(hits.length)}${hit.secret ? SECRET : hit.value}${close(hits.length)}`;
      hits.push(hit);
    } else {
      value = missing(unresolved.length);
      unresolved.push(name);
    }
    marked.variables = [...marked.variables, { name, value, secret: false, enabled: true }];
  }
  const base = resolveUrl(resolveSpec(spec, [marked]).spec, target);
  const pieces: VariableUrlPiece[] = [];
  let inside: number | null = null;
  for (const piece of base.pieces) {
    let last = 0;
    const push = (text: string) => {
      if (!text) return;
      if (inside === null) pieces.push({ ...piece, text });
      else pieces.push({ kind: 'variable', text, hit: hits[inside] });
    };
    for (const m of piece.text.matchAll(MARK)) {
      push(piece.text.slice(last, m.index));
      last = (m.index ?? 0) + m[0].length;
      if (m[1] !== undefined) inside = Number(m[1]);
      else if (m[2] !== undefined) inside = null;
      else if (m[3] !== undefined)
        pieces.push({
          kind: 'unresolved',
          text: `{{${unresolved[Number(m[3])]}}}`,
          name: unresolved[Number(m[3])],
        });
      else push(SECRET_MASK);
    }
    push(piece.text.slice(last));
  }
  const strip = (text: string) =>
    text.replace(MARK, (whole, _o, _c, miss) =>
      miss !== undefined ? `{{${unresolved[Number(miss)]}}}` : whole === SECRET ? SECRET_MASK : '',
    );
  const url = unresolved.length > 0 || base.url === null ? null : strip(base.url);
  const reason =
    unresolved.length > 0
      ? `Set ${unresolved.map((n) => `{{${n}}}`).join(', ')}: a request is never sent with a variable that has no value.`
      : base.reason && strip(base.reason);
  return { pieces, url, missing: base.missing, reason, hits, unresolved };
}
