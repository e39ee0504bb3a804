import { catalog, type Preset } from '../catalog';

/**
 * Links an imported request to the catalog preset with the same method and path (DESIGN.md
 * §13), so it gets the preset's docs, body schema and version gate. Paths compare segment by
 * segment, case folded: a preset's `{placeholder}` takes any placeholder of the import, or a
 * literal that can stand for it (an id-like value for `…-id`, any value for a name such as
 * `{tag-name}`); literal segments must be equal. The most specific match wins.
 */

const PLACEHOLDER = /^\{([A-Za-z0-9_-]+)\}$/;
/** A Tableau LUID, a number, or a token with a digit in it: what a hard-coded id looks like. */
const ID_LIKE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*)$/i;

interface Candidate {
  preset: Preset;
  segments: string[];
}

let index: Map<string, Candidate[]> | null = null;

function segmentsOf(path: string): string[] {
  return path
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((s) => s !== '');
}

function candidates(method: string, count: number): Candidate[] {
  if (!index) {
    index = new Map();
    for (const preset of catalog) {
      const segments = segmentsOf(preset.path);
      const key = `${preset.method} ${segments.length}`;
      const list = index.get(key) ?? [];
      list.push({ preset, segments });
      index.set(key, list);
    }
  }
  return index.get(`${method.toUpperCase()} ${count}`) ?? [];
}

export interface PresetLink {
  preset: Preset;
  /** The preset's path template. */
  path: string;
  /** The import's path values under the preset's placeholder names (literals moved in). */
  pathParams: Record<string, string>;
  /** Placeholders renamed or literals turned into fields, for the report: "{id} → {user-id}". */
  renamed: string[];
}

/**
 * The preset for `method` + `path` (a Trestle path template), or null. `pathParams` are the
 * import's values for its placeholders.
 */
export function linkPreset(
  method: string,
  path: string,
  pathParams: Record<string, string>,
): PresetLink | null {
  const segments = segmentsOf(path);
  let best: { candidate: Candidate; literals: number } | null = null;
  for (const candidate of candidates(method, segments.length)) {
    let literals = 0;
    let fits = true;
    for (let i = 0; i < segments.length && fits; i++) {
      const want = candidate.segments[i];
      const have = segments[i];
      const wantName = PLACEHOLDER.exec(want)?.[1];
      const haveName = PLACEHOLDER.exec(have)?.[1];
      if (wantName) {
        if (haveName) continue;
        if (wantName === 'api-version') fits = /^\d+\.\d+$/.test(have);
        else fits = /-(id|luid)$/.test(wantName) ? ID_LIKE.test(have) : !/[{}]/.test(have);
      } else if (haveName) {
        fits = false;
      } else {
        fits = want.toLowerCase() === have.toLowerCase();
        literals++;
      }
    }
    if (fits && (!best || literals > best.literals)) best = { candidate, literals };
  }
  if (!best) return null;
  const { preset } = best.candidate;
  const values: Record<string, string> = {};
  const renamed: string[] = [];
  best.candidate.segments.forEach((want, i) => {
    const wantName = PLACEHOLDER.exec(want)?.[1];
    if (!wantName) return;
    const have = segments[i];
    const haveName = PLACEHOLDER.exec(have)?.[1];
    if (haveName) {
      if (haveName !== wantName) renamed.push(`{${haveName}} → {${wantName}}`);
      if (pathParams[haveName] !== undefined) values[wantName] = pathParams[haveName];
    } else if (wantName !== 'api-version' && wantName !== 'site-id') {
      values[wantName] = decodeSegment(have);
      renamed.push(`${have} → {${wantName}}`);
    }
  });
  return { preset, path: preset.path, pathParams: values, renamed };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
