/** `closed`: calls go through; `open`: calls are refused until the cooldown ends; `half-open`: one trial call. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Stops calling a failing LLM for a while, so a down endpoint costs neither time nor money on every story. */
export interface CircuitBreaker {
  /** Whether a call may be made now; in `half-open` only the first caller gets true until it reports. */
  allow(): boolean;
  success(): void;
  failure(): void;
  state(): BreakerState;
  /** Milliseconds until an open breaker lets a trial call through (0 when not open). */
  remainingMs(): number;
}

/**
 * A breaker per process: opens after `failures` consecutive failures, stays open `cooldownMs`, then lets one trial
 * call through; its success closes it, its failure opens it again. Per process rather than shared, because each
 * worker finds out about an outage on its own within `failures` calls, and sharing would add a Redis round trip.
 * `openGauge` is set to 1 when it opens and to 0 when a success closes it (the `herald_llm_circuit_open` gauge).
 */
export function createCircuitBreaker(opts: {
  failures: number;
  cooldownMs: number;
  now?: () => number;
  openGauge?: { set(value: number): void };
}): CircuitBreaker {
  const now = opts.now ?? Date.now;
  let consecutive = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;

  const state = (): BreakerState => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= opts.cooldownMs ? 'half-open' : 'open';
  };
  return {
    state,
    allow() {
      const s = state();
      if (s === 'closed') return true;
      if (s === 'open' || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      consecutive = 0;
      if (openedAt !== null) opts.openGauge?.set(0);
      openedAt = null;
      trialInFlight = false;
    },
    failure() {
      consecutive++;
      if (trialInFlight || consecutive >= opts.failures) {
        openedAt = now();
        opts.openGauge?.set(1);
      }
      trialInFlight = false;
    },
    remainingMs() {
      return openedAt === null ? 0 : Math.max(0, opts.cooldownMs - (now() - openedAt));
    },
  };
}
