/**
 * Asks per second lately, as an exponentially decaying count: each arrival adds one, and the count
 * decays with time constant `tauMs`, so it reads as "arrivals in the last `tauMs`" scaled to a
 * second. Constant memory, no timers.
 */
export class ArrivalRate {
  private count = 0;
  private at = 0;
  /** When arrivals count as having stopped: two mean gaps after the last, at the rate then. */
  private quietAt = 0;

  constructor(
    private readonly tauMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  arrived(): void {
    this.count = this.decayed() + 1;
    this.at = this.now();
    this.quietAt = this.at + (2 * 1_000) / this.perSecond();
  }

  perSecond(): number {
    return (this.decayed() * 1_000) / this.tauMs;
  }

  /** The moment the arrivals will have paused (a burst ended), unless another one comes first. */
  get quietFrom(): number {
    return this.quietAt;
  }

  private decayed(): number {
    return this.count * Math.exp(-(this.now() - this.at) / this.tauMs);
  }
}
