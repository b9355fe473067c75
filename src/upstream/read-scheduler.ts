export type { ReadKind, ReadOptions } from './read-kind.js';
import { PRIORITIES, type Priority, type Token, type UpstreamBudget } from '../belvo/budget.js';
import { budgetExhausted } from '../belvo/errors.js';
import type { ReadKind, ReadOptions } from './read-kind.js';
import { KindQueue, PATIENCE_MS, mostUrgent, rank, type Caller, type PendingAsk } from './kind-queue.js';

/**
 * Asks of a kind arriving faster than this share of the budget's refill rate wait for one another,
 * so a busy minute leaves most of the budget to what comes next (a person's query, a burst of
 * pushes).
 */
const GATHER_SHARE = 0.2;

/** How long a single ask into a quiet kind waits for a second one (a stream of 7 a second shows). */
const LISTEN_MS = 150;

/** How long a lone person's ask may wait for the pushes it joined to fill their call. */
const PERSON_AMONG_PUSHES_MS = 1_000;

/** What the scheduler tells metrics. Labels are closed sets. */
export interface SchedulerObserver {
  /** A call left: its kind, the most urgent priority in it, how many asks it carries. */
  sent?(kind: string, priority: Priority, asks: number): void;
  /** An ask waited `waitedMs` from being asked to being sent (or given up at its deadline). */
  waited?(priority: Priority, waitedMs: number, outcome: 'sent' | 'expired'): void;
}

export interface ReadSchedulerOptions {
  /** Belvo's rate limit on our side; without one every batch leaves at once. */
  budget?: UpstreamBudget;
  /** Most asks (ids) in one call. */
  maxPerCall: number;
  /** How long a granted call may take (its token's hold). */
  callTimeoutMs: number;
  /** The clock arrival rates are measured by (tests step it). */
  now?: () => number;
  observer?: SchedulerObserver;
}

/**
 * Every read of Belvo by this instance, from every request and push, goes through here (DESIGN.md,
 * "How reads reach Belvo"). Identical asks share one answer; asks of one kind wait together for a
 * budget token, and when it comes the most urgent of them (up to `maxPerCall`) leave as one
 * `__in` call.
 *
 * - A kind's asks are ripe for a call when they fill one, at once while they are sparse (a lone ask
 *   is not delayed), else when the oldest has gathered the others long enough (see `ripe`).
 * - The budget is asked for one token per call the ripe asks need. While those tokens are queued
 *   (the budget is short), new asks join the batches: the longer the wait, the fuller each call.
 * - Tokens are late-bound: whichever ripe batch is most urgent when a token is granted gets it, so
 *   a person's query that arrives behind a thousand waiting push reads is sent first.
 */
export class ReadScheduler {
  private readonly queues = new Map<ReadKind<never, unknown>, KindQueue>();
  /** Answers of asks already sent, joined by identical asks until they arrive. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Budget tokens asked for and not yet granted, by the priority they were asked at. */
  private readonly requested: Priority[] = [];
  /** Calls per second the budget sustains; asks arriving faster than this are worth gathering. */
  private readonly sustainedPerSecond: number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: ReadSchedulerOptions) {
    const limits = options.budget?.limits;
    this.sustainedPerSecond = limits ? (limits.requests * 1_000) / limits.windowMs : Infinity;
    this.now = options.now ?? Date.now;
  }

  /** The answer to one ask (undefined: Belvo does not have it), or its call's error. */
  read<A, T>(kind: ReadKind<A, T>, ask: A, options: ReadOptions): Promise<T | undefined> {
    if (this.closed) return Promise.reject(budgetExhausted(1_000));
    const key = kind.keyOf(ask);
    const flying = this.inFlight.get(flightKey(kind, key));
    if (flying) return flying as Promise<T | undefined>;
    const queue = this.queueOf(kind);
    let pending = queue.asks.get(key);
    if (!pending) {
      pending = { ask, key, priority: options.priority, since: this.now(), callers: new Set() };
      queue.add(pending);
      queue.arrivals.arrived();
    } else if (rank(options.priority) < rank(pending.priority)) queue.reprioritise(pending, options.priority);
    if (options.priority === 'interactive') queue.personArrivals.arrived();
    const promise = this.join(queue, pending, options);
    this.demand();
    return promise;
  }

  /** Distinct asks waiting for a call now, by their most urgent caller's priority (for metrics). */
  waiting(): Record<Priority, number> {
    const depth: Record<Priority, number> = { interactive: 0, push: 0, background: 0 };
    for (const queue of this.queues.values())
      for (const priority of PRIORITIES) depth[priority] += queue.count(priority);
    return depth;
  }

  /** Fails every waiting ask; nothing more is sent. */
  close(): void {
    this.closed = true;
    this.failAll(budgetExhausted(1_000));
  }

  private join<A, T>(
    queue: KindQueue<A, T>,
    pending: PendingAsk<A, T>,
    options: ReadOptions,
  ): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const caller: Caller<T> = {
        priority: options.priority,
        askedAt: this.now(),
        resolve,
        reject,
        timer: setTimeout(
          () => this.expire(queue, pending, caller),
          Math.max(0, options.deadline - Date.now()),
        ),
      };
      caller.timer.unref?.();
      pending.callers.add(caller);
    });
  }

  /** A caller's deadline passed before its ask was sent: it fails; an ask nobody waits for is dropped. */
  private expire<A, T>(queue: KindQueue<A, T>, pending: PendingAsk<A, T>, caller: Caller<T>): void {
    if (!pending.callers.delete(caller)) return;
    this.options.observer?.waited?.(caller.priority, this.now() - caller.askedAt, 'expired');
    caller.reject(budgetExhausted(this.options.budget?.retryInMs() ?? 1_000));
    if (pending.callers.size === 0) queue.remove(pending);
    else {
      const left = [...pending.callers].map((each) => each.priority).sort((a, b) => rank(a) - rank(b))[0]!;
      queue.reprioritise(pending, left);
    }
  }

  private queueOf<A, T>(kind: ReadKind<A, T>): KindQueue<A, T> {
    let queue = this.queues.get(kind as ReadKind<never, unknown>);
    if (!queue) this.queues.set(kind as ReadKind<never, unknown>, (queue = new KindQueue(kind, this.now)));
    return queue as KindQueue<A, T>;
  }

  /**
   * Whether a kind's asks should go now: when they fill a call; at once while asks of their kind
   * are sparse; else once the oldest has gathered the others for its priority's PATIENCE_MS. A
   * timer calls `demand` again when they should go.
   *
   * Sparse: one arrival lately. Several asks in it (one request's batch, the data reads of fifty
   * queries one link call answered) leave at once. A single one first listens LISTEN_MS for company:
   * the first ask of a burst would otherwise leave alone, and so would the reads that follow it.
   */
  private ripe(queue: KindQueue): boolean {
    const waiting = queue.asks.size;
    if (waiting === 0) return false;
    if (waiting >= this.options.maxPerCall) return true;
    const now = this.now();
    const { arrivals } = queue;
    if (queue.lingerUntil === undefined) {
      if (arrivals.alone) return waiting > 1 || this.due(queue, arrivals.lastAt + LISTEN_MS, now);
      if (arrivals.perSecond() <= this.sustainedPerSecond * GATHER_SHARE) return true;
      queue.lingerUntil = queue.oldest + PATIENCE_MS[queue.urgent!];
    }
    // A lone person among gathering pushes waits at most PERSON_AMONG_PUSHES_MS for them to fill the
    // call; people asking in a stream gather among themselves, by their own patience.
    const person =
      queue.count('interactive') > 0 && queue.personArrivals.alone
        ? queue.personArrivals.lastAt + PERSON_AMONG_PUSHES_MS
        : Infinity;
    return this.due(queue, Math.min(queue.lingerUntil, person), now);
  }

  /** Whether `goAt` has come; if not, a timer calls `demand` again then. */
  private due(queue: KindQueue, goAt: number, now: number): boolean {
    if (now >= goAt) return true;
    if (queue.lingerTimer && queue.lingerTimerAt <= goAt) return false;
    clearTimeout(queue.lingerTimer);
    queue.lingerTimerAt = goAt;
    queue.lingerTimer = setTimeout(() => {
      queue.lingerTimer = undefined;
      this.demand();
    }, goAt - now);
    queue.lingerTimer.unref?.();
    return false;
  }

  /**
   * Asks the budget for as many tokens as the ripe asks need calls, and for one more when a ripe
   * ask is more urgent than every token already asked for (it must not queue behind them).
   */
  private demand(): void {
    let needed = 0;
    let urgent: Priority | undefined;
    for (const queue of this.queues.values()) {
      if (!this.ripe(queue)) continue;
      needed += Math.ceil(queue.asks.size / this.options.maxPerCall);
      const priority = queue.urgent!;
      if (urgent === undefined || rank(priority) < rank(urgent)) urgent = priority;
    }
    if (urgent === undefined) return;
    if (rank(urgent) < Math.min(...this.requested.map(rank))) this.requestToken(urgent);
    while (this.requested.length < needed) this.requestToken(urgent);
  }

  private requestToken(priority: Priority): void {
    this.requested.push(priority);
    const settled = () => this.requested.splice(this.requested.indexOf(priority), 1);
    const budget = this.options.budget;
    if (!budget) {
      queueMicrotask(() => {
        settled();
        this.dispatch(undefined);
      });
      return;
    }
    // Each ask keeps its own deadline; the token's wait is bounded by those, not by the budget.
    const grantBy = Date.now() + 24 * 60 * 60_000;
    budget.acquire('request', grantBy, grantBy, { priority, holdMs: this.options.callTimeoutMs }).then(
      (token) => {
        settled();
        this.dispatch(token);
      },
      (error: unknown) => {
        settled();
        // The budget closed, or keeps no queue (BELVO_BUDGET_QUEUE_MAX=0): what waits cannot be sent.
        this.failAll(error);
      },
    );
  }

  /** A token came: the most urgent ripe asks of one kind leave with it, or it goes back unused. */
  private dispatch(token: Token | undefined): void {
    let chosen: KindQueue | undefined;
    for (const queue of this.queues.values()) {
      if (!this.ripe(queue)) continue;
      if (!chosen || rank(queue.urgent!) < rank(chosen.urgent!)) chosen = queue;
      else if (queue.urgent === chosen.urgent && queue.oldest < chosen.oldest) chosen = queue;
    }
    if (!chosen || this.closed) {
      token?.cancel();
      return;
    }
    const batch = [...chosen.asks.values()].sort(mostUrgent).slice(0, this.options.maxPerCall);
    for (const pending of batch) chosen.remove(pending);
    this.send(chosen, batch, batch[0]!.priority, token);
    this.demand();
  }

  private send(queue: KindQueue, batch: PendingAsk[], priority: Priority, token?: Token): void {
    const { kind } = queue;
    const now = this.now();
    this.options.observer?.sent?.(kind.name, priority, batch.length);
    for (const pending of batch)
      for (const caller of pending.callers) {
        clearTimeout(caller.timer);
        this.options.observer?.waited?.(caller.priority, now - caller.askedAt, 'sent');
      }
    const call = kind.fetch(
      batch.map((pending) => pending.ask),
      { priority, token },
    );
    for (const pending of batch) {
      const answer = call.then((answers) => answers.get(pending.key));
      answer.catch(() => undefined); // joiners handle it; an unjoined one must not go unhandled
      const flight = flightKey(kind, pending.key);
      this.inFlight.set(flight, answer);
      answer
        .then(
          (value) => {
            for (const caller of pending.callers) caller.resolve(value);
          },
          (error: unknown) => this.fail(pending, error),
        )
        .finally(() => {
          if (this.inFlight.get(flight) === answer) this.inFlight.delete(flight);
        });
    }
  }

  private failAll(error: unknown): void {
    for (const queue of this.queues.values()) {
      for (const pending of queue.asks.values()) {
        this.fail(pending, error);
        queue.remove(pending);
      }
    }
  }

  private fail(pending: PendingAsk, error: unknown): void {
    for (const caller of pending.callers) {
      clearTimeout(caller.timer);
      caller.reject(error);
    }
    pending.callers.clear();
  }
}

const flightKey = (kind: ReadKind<never, unknown> | ReadKind<unknown, unknown>, key: string) =>
  `${kind.name}\u0000${key}`;
