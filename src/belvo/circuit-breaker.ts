import {
  BrokenCircuitError,
  CircuitState as PolicyState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { BelvoError, BelvoErrorCode, isOutage } from './errors.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Calls grouped by what they touch at Belvo: one of them failing says nothing about the others. */
export type EndpointClass = 'links' | 'employments' | 'owners' | 'other';

export function endpointClassOf(pathname: string): EndpointClass {
  if (pathname.startsWith('/api/links/')) return 'links';
  if (pathname.startsWith('/api/co/employments/')) return 'employments';
  if (pathname.startsWith('/api/owners/')) return 'owners';
  return 'other';
}

const STATES: Record<PolicyState, CircuitState> = {
  [PolicyState.Closed]: 'closed',
  [PolicyState.HalfOpen]: 'half-open',
  [PolicyState.Open]: 'open',
  [PolicyState.Isolated]: 'open',
};

/**
 * Stops calling a Belvo endpoint class while it is down, so requests fail in microseconds with a
 * clear retryable error instead of each waiting out timeouts and retries (and spending Belvo's rate
 * limit). One cockatiel breaker per class: opens after `failureThreshold` consecutive upstream
 * faults of that class (5xx, timeouts, network errors, garbage bodies — a 4xx proves Belvo is up
 * and never counts); after `cooldownMs` one trial call goes through (the others wait for it) and
 * only its success closes it. A call that started before the circuit opened and succeeds late
 * does not close it: cockatiel only closes from half-open.
 */
export class CircuitBreakers {
  private readonly breakers = new Map<EndpointClass, { policy: CircuitBreakerPolicy; openedAt: number }>();

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
    private readonly onChange: (endpointClass: EndpointClass, state: CircuitState) => void = () => {},
  ) {}

  state(endpointClass: EndpointClass): CircuitState {
    const breaker = this.breakers.get(endpointClass);
    return breaker ? STATES[breaker.policy.state] : 'closed';
  }

  async run<T>(endpointClass: EndpointClass, call: () => Promise<T>): Promise<T> {
    const breaker = this.breakerFor(endpointClass);
    try {
      return await breaker.policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        const left = breaker.openedAt + this.cooldownMs - Date.now();
        throw new BelvoError(
          BelvoErrorCode.BELVO_CIRCUIT_OPEN,
          'Belvo is failing; calls are paused for a moment',
          {
            retryAfterMs: Math.max(1, left),
          },
        );
      }
      throw error;
    }
  }

  private breakerFor(endpointClass: EndpointClass) {
    const existing = this.breakers.get(endpointClass);
    if (existing) return existing;
    const policy = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: this.cooldownMs,
      breaker: new ConsecutiveBreaker(this.failureThreshold),
    });
    const created = { policy, openedAt: 0 };
    policy.onBreak(() => (created.openedAt = Date.now()));
    policy.onStateChange((state) => this.onChange(endpointClass, STATES[state]));
    this.breakers.set(endpointClass, created);
    return created;
  }
}
