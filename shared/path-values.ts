/**
 * The value of each `{placeholder}` of a path template in a path that was sent, e.g.
 * `/api/{api-version}/sites/{site-id}/users/{user-id}` and `/api/3.29/sites/a1/users/b2` →
 * `{ 'api-version': '3.29', 'site-id': 'a1', 'user-id': 'b2' }`. Null when the path does not
 * follow the template. Values are decoded, as the user typed them.
 */
export function pathValuesOf(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template
    .split(/(\{[A-Za-z0-9_-]+\})/g)
    .map((part) => {
      const placeholder = /^\{([A-Za-z0-9_-]+)\}$/.exec(part);
      if (!placeholder) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(placeholder[1]);
      return '([^/]*)';
    })
    .join('');
  const match = new RegExp(`^${pattern}/?$`).exec(path);
  if (!match) return null;
  const values: Record<string, string> = {};
  names.forEach((name, i) => {
    const raw = match[i + 1];
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Malformed percent-encoding: keep what was sent.
    }
    if (!(name in values)) values[name] = value;
  });
  return values;
}

/** The path of a URL as sent (`https://host/api/3.29/x?y=1` → `/api/3.29/x`), or null. */
export function pathOfUrl(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
  return match ? match[1] || '/' : null;
}
