/** Tableau REST API versions are `major.minor` with a numeric minor: 3.10 is newer than 3.9. */
const versionPattern = /^(\d+)\.(\d+)$/;

export function isApiVersion(value: string): boolean {
  return versionPattern.test(value);
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parseVersion(a);
  const [bMajor, bMinor] = parseVersion(b);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

function parseVersion(version: string): [number, number] {
  const match = versionPattern.exec(version.trim());
  if (!match) throw new Error(`Not a Tableau REST API version: '${version}'`);
  return [Number(match[1]), Number(match[2])];
}
