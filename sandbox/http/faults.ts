import { errors, type TableauError } from '../errors';
import { NO_FAULTS, type SandboxFaults } from '../options';

/** Run-time fault injection: latency, rate limit, random 5xx, resets and slow bodies. */
export class FaultInjector {
  private faults: SandboxFaults;
  private windowStart = 0;
  private windowCount = 0;

  constructor(initial: Partial<SandboxFaults> = {}) {
    this.faults = { ...NO_FAULTS, ...initial };
  }

  get current(): SandboxFaults {
    return { ...this.faults };
  }

  set(update: Partial<SandboxFaults>): void {
    this.faults = { ...this.faults, ...update };
  }

  /** Delay before answering an API request: latency ± jitter, never negative. */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.faults;
    if (latencyMs === 0 && jitterMs === 0) return 0;
    return Math.max(0, latencyMs + (Math.random() * 2 - 1) * jitterMs);
  }

  /** A 429000 when the per-second budget is spent (fixed one-second windows). */
  rateLimit(now = Date.now()): TableauError | undefined {
    const limit = this.faults.rateLimitPerSecond;
    if (limit <= 0) return undefined;
    const second = Math.floor(now / 1000);
    if (second !== this.windowStart) {
      this.windowStart = second;
      this.windowCount = 0;
    }
    this.windowCount++;
    return this.windowCount > limit ? errors.tooManyRequests(1) : undefined;
  }

  /** A random 500 or 503 (with Retry-After) at the configured rate. */
  randomError(): TableauError | undefined {
    if (this.faults.errorRate <= 0 || Math.random() >= this.faults.errorRate) return undefined;
    return Math.random() < 0.5 ? errors.internal() : errors.unavailable(1);
  }

  shouldReset(): boolean {
    return this.faults.resetMidBody > 0 && Math.random() < this.faults.resetMidBody;
  }

  get slowBodyBytesPerSecond(): number {
    return this.faults.slowBodyBytesPerSecond;
  }
}
