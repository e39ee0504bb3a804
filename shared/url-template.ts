/** `{name}` placeholders in a path template, in order, without duplicates. */
export function placeholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(/\{([A-Za-z0-9_-]+)\}/g)) {
    if (!names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/**
 * Placeholders the engine fills from the signed-in session (DESIGN.md §11). `{user-id}` is
 * not one: an empty user id never means "me" (issue 11: it demoted the signed-in admin).
 */
export const SESSION_PLACEHOLDERS = ['api-version', 'site-id'] as const;

export class MissingPlaceholderError extends Error {
  constructor(readonly names: string[]) {
    super(
      `Fill in ${names.map((n) => `{${n}}`).join(', ')} before sending: an empty placeholder is never sent${
        names.includes('user-id') ? ' (use “Me” for the signed-in user)' : ''
      }.`,
    );
  }
}

/** A value that would not stay one path segment: `.` and `..` are dot segments even encoded. */
export class BadPlaceholderError extends Error {
  constructor(readonly placeholder: string) {
    super(
      `{${placeholder}} cannot be “.” or “..”: a URL reads those as “this folder” and “up one”.`,
    );
  }
}

/**
 * Fills `{placeholders}`; each value is URL-encoded as one path segment, so a value cannot
 * add segments or change the origin. An empty or blank value counts as missing.
 */
export function fillPath(template: string, values: Record<string, string | undefined>): string {
  const names = placeholders(template);
  const missing = names.filter((name) => !values[name]?.trim());
  if (missing.length > 0) throw new MissingPlaceholderError(missing);
  const climbing = names.find((name) => /^\s*\.{1,2}\s*$/.test(values[name] as string));
  if (climbing) throw new BadPlaceholderError(climbing);
  return template.replace(/\{([A-Za-z0-9_-]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] as string),
  );
}

/**
 * Fills the placeholders it has values for and leaves the others as `{name}`: for checks on
 * a request as stored (history), where session values are not at hand.
 */
export function fillKnownPlaceholders(
  template: string,
  values: Record<string, string | undefined>,
): string {
  return template.replace(/\{([A-Za-z0-9_-]+)\}/g, (whole, name: string) =>
    values[name]?.trim() ? encodeURIComponent(values[name] as string) : whole,
  );
}
