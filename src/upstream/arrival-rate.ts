/**
 * Asks per second lately, as an exponentially decaying count: each arrival adds one, and the count
 * decays with time constant `tauMs`, so it reads as "arrivals in the last `tauMs`" scaled to a
 * second. Constant memory, no timers.
 */
const SAME_ARRIVAL_MS = 10;

export class ArrivalRate {
  private count = 0;
  private at = 0;

  constructor(
    private readonly tauMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Asks made within a few milliseconds of the last count as one arrival: one request's DataLoader
   * batch (ten links listed), or the data reads of the fifty queries one link call answered, is a
   * single arrival, not a stream worth waiting for.
   */
  arrived(): void {
    const now = this.now();
    if (now - this.at < SAME_ARRIVAL_MS) return;
    this.count = this.decayed() + 1;
    this.at = now;
  }

  /** When the last arrival was. */
  get lastAt(): number {
    return this.at;
  }

  perSecond(): number {
    return (this.decayed() * 1_000) / this.tauMs;
  }

  /** Whether one ask arrived lately and no other: nothing to gather it with. */
  get alone(): boolean {
    return this.decayed() < 1.5;
  }

  private decayed(): number {
    return this.count * Math.exp(-(this.now() - this.at) / this.tauMs);
  }
}
