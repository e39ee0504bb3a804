import { assertionSchema, captureSchema, type Assertion, type Capture } from '../captures';
import { CHECKS_MARK } from './postman-export';
import type { ImportNote } from './report';

/**
 * Postman scripts are never run (DESIGN.md §13). The two things a Tableau admin's test script
 * almost always does — keep an id from the answer for the next request, check the status —
 * are recognised line by line and become a capture or an assertion, which Trestle applies
 * without running code. Every other line is reported, not guessed at.
 */

/** The lines of a script: `exec` as one string or an array of lines. */
export function scriptLines(script: unknown): string[] {
  const exec = (script as { exec?: unknown } | undefined)?.exec;
  const text = Array.isArray(exec)
    ? exec.filter((line): line is string => typeof line === 'string').join('\n')
    : typeof exec === 'string'
      ? exec
      : '';
  return text.split(/\r?\n/);
}

/** True when a script has nothing but blank lines and comments. */
export function isEmptyScript(lines: string[]): boolean {
  return lines.every((line) => /^\s*(\/\/.*)?$/.test(line));
}

const SCOPES: Record<string, Capture['scope']> = {
  environment: 'connection',
  collectionVariables: 'collection',
  globals: 'global',
  variables: 'run',
  setEnvironmentVariable: 'connection',
  setGlobalVariable: 'global',
};

/** `jsonData.users.user[0].id` → `users.user[0].id` (the alias or `pm.response.json()` stripped). */
function bodyPath(expression: string, aliases: Set<string>): string | null {
  const e = expression.trim();
  const direct =
    /^(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\))((?:\.[A-Za-z_$][\w$]*|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*)$/.exec(
      e,
    );
  const aliased =
    /^([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*)$/.exec(e);
  const tail = direct ? direct[1] : aliased && aliases.has(aliased[1]) ? aliased[2] : null;
  if (tail === null) return null;
  const path = tail.replace(/^\./, '');
  return path === '' ? '$' : path;
}

export interface ScriptTranslation {
  captures: Capture[];
  assertions: Assertion[];
  /** Lines not translated (blank lines, comments and `pm.test` wrappers not counted). */
  untranslated: string[];
}

export function translateTestScript(lines: string[]): ScriptTranslation {
  const captures: Capture[] = [];
  const assertions: Assertion[] = [];
  const untranslated: string[] = [];
  const aliases = new Set<string>();
  for (const raw of lines) {
    const line = raw.trim().replace(/;\s*$/, '');
    if (line === '' || line.startsWith('//')) continue;
    const alias =
      /^(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\))$/.exec(
        line,
      );
    if (alias) {
      aliases.add(alias[1]);
      continue;
    }
    // pm.test("…", function () {   and its closing   });
    if (/^pm\.test\(\s*(["'`]).*\1\s*,\s*(?:function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{$/.test(line))
      continue;
    if (/^\}\s*\)$/.test(line)) continue;
    const set =
      /^pm\.(environment|collectionVariables|globals|variables)\.set\(\s*(["'])([^"']+)\2\s*,\s*(.+)\)$/.exec(
        line,
      ) ??
      /^postman\.(setEnvironmentVariable|setGlobalVariable)\(\s*(["'])([^"']+)\2\s*,\s*(.+)\)$/.exec(
        line,
      );
    if (set) {
      const path = bodyPath(set[4], aliases);
      if (path !== null && !/token/i.test(set[3])) {
        captures.push({ name: set[3], from: 'body', path, scope: SCOPES[set[1]], enabled: true });
        continue;
      }
    }
    const status =
      /^pm\.response\.to\.have\.status\(\s*(\d{3})\s*\)$/.exec(line) ??
      /^pm\.expect\(\s*pm\.response\.code\s*\)\.to\.(?:eql|equal|eq)\(\s*(\d{3})\s*\)$/.exec(line);
    if (status) {
      assertions.push({ kind: 'status', expected: status[1], enabled: true });
      continue;
    }
    untranslated.push(raw);
  }
  return { captures, assertions, untranslated };
}

/** The report's notes for a request's (or folder's) scripts. */
export function scriptNotes(
  event: unknown,
  where: string,
): { notes: ImportNote[]; captures: Capture[]; assertions: Assertion[]; empty: number } {
  const notes: ImportNote[] = [];
  const captures: Capture[] = [];
  const assertions: Assertion[] = [];
  let empty = 0;
  if (!Array.isArray(event)) return { notes, captures, assertions, empty };
  for (const entry of event) {
    const listen = (entry as { listen?: unknown })?.listen;
    const lines = scriptLines((entry as { script?: unknown })?.script);
    if (isEmptyScript(lines)) {
      empty++;
      continue;
    }
    const count = lines.filter((l) => l.trim() !== '').length;
    const checks = listen === 'test' && where === 'request' ? trestleChecks(lines) : null;
    if (checks) {
      // A script Trestle wrote on export: its captures and assertions come back exactly.
      captures.push(...checks.captures);
      assertions.push(...checks.assertions);
      continue;
    }
    if (listen === 'test' && where === 'request') {
      const t = translateTestScript(lines);
      captures.push(...t.captures);
      assertions.push(...t.assertions);
      if (t.captures.length || t.assertions.length)
        notes.push({
          kind: 'mapped',
          what: 'test script',
          why: `${[
            t.captures.length
              ? `${t.captures.length} variable${t.captures.length > 1 ? 's' : ''} set from the answer became captures (${t.captures.map((c) => c.name).join(', ')})`
              : '',
            t.assertions.length
              ? `${t.assertions.length} status check${t.assertions.length > 1 ? 's' : ''} became assertions`
              : '',
          ]
            .filter(Boolean)
            .join('; ')}.`,
        });
      if (t.untranslated.length)
        notes.push({
          kind: 'dropped',
          what: 'test script',
          why: `${t.untranslated.length} of its ${count} lines were not run or carried over: Trestle runs no scripts (captures and assertions do the common work).`,
        });
      continue;
    }
    notes.push({
      kind: 'dropped',
      what: `${listen === 'prerequest' ? 'pre-request' : listen === 'test' ? 'test' : String(listen)} script of the ${where}`,
      why: `${count} lines not run or carried over: Trestle runs no scripts${listen === 'prerequest' ? ' (it signs in by itself and fills {api-version} and {site-id})' : ''}.`,
    });
  }
  return { notes, captures, assertions, empty };
}

/** The captures and assertions of a test script Trestle exported (its `// trestle:checks` line). */
function trestleChecks(lines: string[]): { captures: Capture[]; assertions: Assertion[] } | null {
  const line = lines.find((l) => l.trimStart().startsWith(CHECKS_MARK));
  if (!line) return null;
  try {
    const data = JSON.parse(line.trimStart().slice(CHECKS_MARK.length)) as {
      captures?: unknown[];
      assertions?: unknown[];
    };
    const captures = (data.captures ?? []).map((c) => captureSchema.parse(c));
    const assertions = (data.assertions ?? []).map((a) => assertionSchema.parse(a));
    return { captures, assertions };
  } catch {
    return null;
  }
}
