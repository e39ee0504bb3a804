import type { SessionInfo } from '../../shared/connection';
import { checkAgainstSchema } from '../../shared/catalog/json-schema-check';
import { compareApiVersions, type Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import { placeholders, SESSION_PLACEHOLDERS } from '../../shared/url-template';

/**
 * What is likely wrong with a request before it leaves: a body that does not parse or breaks
 * the preset's schema, a method newer than the server, an empty path parameter. The user can
 * still send it on purpose.
 */
export function problemsBeforeSend(
  spec: RequestSpec,
  preset: Preset | undefined,
  session: SessionInfo | null,
): string[] {
  const problems: string[] = [];
  if (preset && session && needsNewerVersion(preset, session.apiVersion)) {
    problems.push(
      `“${preset.name}” needs REST API ${preset.minVersion}; the server speaks ${session.apiVersion}. Tableau will likely refuse it.`,
    );
  }
  const missing = placeholders(spec.path).filter(
    (n) => !(SESSION_PLACEHOLDERS as readonly string[]).includes(n) && !spec.pathParams[n],
  );
  if (missing.length) problems.push(`Fill in ${missing.map((n) => `{${n}}`).join(', ')} (Params).`);
  if (spec.body.kind === 'json' && spec.body.text.trim()) {
    let value: unknown;
    try {
      value = JSON.parse(spec.body.text);
    } catch (error) {
      problems.push(`The JSON body does not parse: ${(error as Error).message}.`);
      return problems;
    }
    const schema = preset?.body?.format === 'json' ? preset.body.schema : undefined;
    if (schema) {
      const found = checkAgainstSchema(value, schema);
      for (const p of found.slice(0, 4)) problems.push(`Body ${p.path || '(root)'}: ${p.message}`);
      if (found.length > 4) problems.push(`…and ${found.length - 4} more schema problems.`);
    }
  }
  if (spec.body.kind === 'xml' && spec.body.text.trim()) {
    const doc = new DOMParser().parseFromString(spec.body.text, 'application/xml');
    const error = doc.querySelector('parsererror');
    if (error)
      problems.push(
        `The XML body does not parse: ${error.textContent?.split('\n')[0] ?? 'syntax error'}.`,
      );
  }
  return problems;
}

export function needsNewerVersion(preset: Preset, apiVersion: string | null): boolean {
  if (!apiVersion) return false;
  try {
    return compareApiVersions(apiVersion, preset.minVersion) < 0;
  } catch {
    return false;
  }
}
