import { BelvoError, isOutage } from './errors.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling Belvo while it is down, so requests fail in microseconds with a clear retryable
 * error instead of each waiting out timeouts and retries (and spending Belvo's rate limit). Opens
 * after `failureThreshold` consecutive failed calls; after `cooldownMs` one trial call goes through
 * and closes it again on success. Only Belvo being unwell counts: a 4xx answer proves it is up.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
    private readonly onChange: (state: CircuitState) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.current === 'open') {
      const waited = this.now() - this.openedAt;
      if (waited < this.cooldownMs) throw openError(this.cooldownMs - waited);
      this.move('half-open');
    }
    const trial = this.current === 'half-open';
    if (trial) {
      if (this.trialInFlight) throw openError(this.cooldownMs);
      this.trialInFlight = true;
    }
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (error) {
      // Anything but a BelvoError is a bug or a crash on the way: count it as an outage too.
      if (!(error instanceof BelvoError) || isOutage(error)) this.failed();
      else this.succeeded();
      throw error;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  private failed(): void {
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.move('open');
    }
  }

  private move(state: CircuitState): void {
    this.current = state;
    this.onChange(state);
  }
}

const openError = (retryAfterMs: number) =>
  new BelvoError('BELVO_CIRCUIT_OPEN', 'Belvo is failing; calls are paused for a moment', {
    retryAfterMs,
  });
