import { PRIORITIES, type Priority } from '../belvo/budget.js';
import { ArrivalRate } from './arrival-rate.js';
import type { ReadKind } from './read-kind.js';

export interface Caller<T> {
  priority: Priority;
  askedAt: number;
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/** One distinct ask waiting for a call, with everybody who asked it. */
export interface PendingAsk<A = unknown, T = unknown> {
  key: string;
  ask: A;
  /** The most urgent of its callers'. */
  priority: Priority;
  since: number;
  callers: Set<Caller<T>>;
}

export const rank = (priority: Priority) => PRIORITIES.indexOf(priority);
export const mostUrgent = (a: PendingAsk, b: PendingAsk) =>
  rank(a.priority) - rank(b.priority) || a.since - b.since;

/**
 * How long a batch may wait to fill, at most, by the most urgent priority in it. A person's query
 * has a 10 s deadline and usually two reads in a row (the link, then its data); a push can wait
 * longer; a webhook check must be answered within Belvo's 5 s.
 */
export const PATIENCE_MS: Record<Priority, number> = { interactive: 5_000, push: 5_000, background: 2_000 };

/** The asks of one kind waiting for a call, in arrival order, counted by priority. */
export class KindQueue<A = unknown, T = unknown> {
  readonly asks = new Map<string, PendingAsk<A, T>>();
  readonly arrivals: ArrivalRate;
  /** People's asks alone: one person among a stream of push reads must not wait for their batch. */
  readonly personArrivals: ArrivalRate;
  private readonly byPriority: Record<Priority, number> = { interactive: 0, push: 0, background: 0 };
  /** Until when the asks now waiting may gather (set when first found worth gathering). */
  lingerUntil: number | undefined;
  lingerTimer: NodeJS.Timeout | undefined;
  lingerTimerAt = 0;

  constructor(
    readonly kind: ReadKind<A, T>,
    now: () => number,
  ) {
    this.arrivals = new ArrivalRate(2_000, now);
    this.personArrivals = new ArrivalRate(2_000, now);
  }

  add(pending: PendingAsk<A, T>): void {
    this.asks.set(pending.key, pending);
    this.byPriority[pending.priority]++;
  }

  reprioritise(pending: PendingAsk<A, T>, priority: Priority): void {
    this.byPriority[pending.priority]--;
    pending.priority = priority;
    this.byPriority[priority]++;
  }

  remove(pending: PendingAsk<A, T>): void {
    if (!this.asks.delete(pending.key)) return;
    this.byPriority[pending.priority]--;
    // What is left gathers afresh: a burst's tail must not wait out the linger its head was given.
    this.lingerUntil = undefined;
  }

  /** The most urgent priority waiting here, if any. */
  get urgent(): Priority | undefined {
    return PRIORITIES.find((priority) => this.byPriority[priority] > 0);
  }

  count(priority: Priority): number {
    return this.byPriority[priority];
  }

  /** When the oldest ask arrived. */
  get oldest(): number {
    return this.asks.values().next().value?.since ?? Infinity;
  }
}
