/** Public option types of the sandbox; `index.ts` re-exports them unchanged. */
export interface SandboxFaults {
  latencyMs: number;
  jitterMs: number;
  /** Requests per second across the server; 0 turns the limit off. */
  rateLimitPerSecond: number;
  /** Probability 0..1 of a random 500 or 503. */
  errorRate: number;
  /** Probability 0..1 of destroying the socket mid-body. */
  resetMidBody: number;
  /** 0 = off. */
  slowBodyBytesPerSecond: number;
  /**
   * Objects a Metadata API answer may hold before Tableau cuts it with NODE_LIMIT_EXCEEDED
   * (Tableau's default 20,000; `metadata.query.limits.count` on Server).
   */
  metadataNodeLimit: number;
  /**
   * 1 = Tableau Cloud's per-site limits (`--cloud-rate-limits`): extract refreshes, job
   * polls, publishes, Get Users and Remove User answer 429000 past their budgets.
   */
  cloudRateLimits: number;
}

export interface ConnectedAppConfig {
  clientId: string;
  secretId: string;
  secretValue: string;
}

export type SandboxScale = 'small' | 'medium' | 'large' | number;

export interface SandboxOptions {
  /** 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  scale?: SandboxScale;
  seed?: number;
  /** Emulated server version, default '3.29'. */
  apiVersion?: string;
  /** Default 240 (Tableau Server's default session idle limit). */
  tokenTtlMinutes?: number;
  faults?: Partial<SandboxFaults>;
  connectedApp?: ConnectedAppConfig;
  /** A Tableau Cloud pod (`--cloud`): no server administration, Cloud-only methods answered. */
  cloud?: boolean;
}

export const NO_FAULTS: SandboxFaults = {
  latencyMs: 0,
  jitterMs: 0,
  rateLimitPerSecond: 0,
  errorRate: 0,
  resetMidBody: 0,
  slowBodyBytesPerSecond: 0,
  metadataNodeLimit: 20_000,
  cloudRateLimits: 0,
};

export const DEMO_CREDENTIALS = {
  username: 'admin',
  password: 'trestle',
  patName: 'trestle',
  patSecret: 'trestle-sandbox-secret',
} as const;

/** Users on the default site for each named scale (the default site has exactly this many). */
export function usersForScale(scale: SandboxScale | undefined): number {
  if (scale === undefined || scale === 'small') return 2500;
  if (scale === 'medium') return 10_000;
  if (scale === 'large') return 100_000;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`Invalid scale: ${scale}`);
  return scale;
}

/** Validates fault values so a bad flag or PUT body is refused instead of half-applied. */
export function checkFaults(faults: Partial<SandboxFaults>): string | undefined {
  for (const [key, value] of Object.entries(faults)) {
    if (!(key in NO_FAULTS)) return `unknown fault '${key}'`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `fault '${key}' must be a non-negative number`;
    }
    if (key === 'metadataNodeLimit' && (!Number.isInteger(value) || value < 1)) {
      return `fault 'metadataNodeLimit' must be a whole number of at least 1`;
    }
    if (key === 'cloudRateLimits' && value !== 0 && value !== 1) {
      return `fault 'cloudRateLimits' is 0 (off) or 1 (on)`;
    }
    if ((key === 'errorRate' || key === 'resetMidBody') && value > 1) {
      return `fault '${key}' is a probability between 0 and 1`;
    }
  }
  return undefined;
}
