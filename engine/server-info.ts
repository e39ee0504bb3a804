/** What `GET /api/2.4/serverinfo` tells before sign-in (no auth needed; tableau-api.md §1). */
export interface ServerInfo {
  apiVersion: string;
  productVersion: string;
}

/**
 * Reads `{"serverInfo":{"productVersion":{"value":…},"restApiVersion":"3.22"}}`. Element text
 * arrives as `value`, so both the plain and the `{value}` forms are accepted.
 */
export function readServerInfo(status: number, body: unknown): ServerInfo | null {
  if (status !== 200 || !body || typeof body !== 'object') return null;
  const info = (body as { serverInfo?: { restApiVersion?: unknown; productVersion?: unknown } })
    .serverInfo;
  const apiVersion = textOf(info?.restApiVersion);
  if (!apiVersion || !/^\d+\.\d+$/.test(apiVersion)) return null;
  return { apiVersion, productVersion: textOf(info?.productVersion) ?? 'unknown' };
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) {
    const text = (value as { value: unknown }).value;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}
