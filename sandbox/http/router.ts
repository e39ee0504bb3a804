import type { Method, Route } from './route';

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'none' };

/** Matches `/a/:b/c` patterns segment by segment; literals are case-insensitive as on Tableau. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.path
        .split('/')
        .filter(Boolean)
        .map((s) => (s.startsWith(':') ? s : s.toLowerCase())),
    }));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean);
    const lower = parts.map((p) => p.toLowerCase());
    let pathExists = false;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      let params: Record<string, string> | undefined = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = safeDecode(parts[i]);
        } else if (segment !== lower[i]) {
          params = undefined;
          break;
        }
      }
      if (!params) continue;
      if (route.method === (method as Method)) return { kind: 'found', route, params };
      pathExists = true;
    }
    return pathExists ? { kind: 'wrong-method' } : { kind: 'none' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
