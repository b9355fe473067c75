import { randomUUID } from 'node:crypto';
import type { UpstreamBudgetConfig } from '../config.js';
import { budgetExhausted } from './errors.js';
import type { BucketSpec, TokenStore } from './token-store.js';

/**
 * The gateway's share of Belvo's rate limit ("about 80 requests per 30 s per client; more than 5
 * synchronous deletes per minute → 429"), kept *before* Belvo has to refuse anything.
 *
 * Each bucket holds `limit` tokens. A call takes one token before it is sent; the token comes back
 * `windowMs` after the call *ended* (while it is in flight it counts until its deadline has passed
 * plus the window). Belvo receives a call between its start and its end, so no `windowMs` interval
 * at Belvo can ever see more than `limit` of our calls, whatever Belvo's window alignment, network
 * latency or clock — which a fixed-window counter cannot promise without halving the rate.
 *
 * Callers wait their turn in a bounded queue per kind, most urgent priority first (see Priority),
 * pushes and background work leave a reserve of each window to people, and background work holds at
 * most its own share of the tokens. A caller whose turn would come after
 * its deadline, or who finds the queue full, is refused at once with BELVO_BUDGET_EXHAUSTED and a
 * retry-after. A 429 from Belvo pauses every caller (every instance, with Redis) for its Retry-After.
 */

export type BudgetLimits = Pick<
  UpstreamBudgetConfig,
  'requests' | 'windowMs' | 'deletes' | 'deleteWindowMs' | 'queueMax'
> &
  Partial<Pick<UpstreamBudgetConfig, 'backgroundSharePercent' | 'interactiveReservePercent'>>;

export type CallKind = 'request' | 'delete';

/** The longest a queue sleeps before asking the store again. */
const RECHECK_MS = 1_000;

/**
 * Who waits on a call, most urgent first: a person (a query, `createLink`), a push a subscriber
 * waits for, background work nobody waits on (checks of webhooks for unknown links, rollback
 * deletes, readiness). A waiter is served before every waiter of a less urgent priority.
 */
export type Priority = 'interactive' | 'push' | 'background';

export const PRIORITIES: readonly Priority[] = ['interactive', 'push', 'background'];

const rank = (priority: Priority) => PRIORITIES.indexOf(priority);

export interface AcquireOptions {
  /** Default `interactive`. */
  priority?: Priority;
  /** How long the call may stay in flight once granted; default: until `callDeadline`. */
  holdMs?: number;
}

export interface Token {
  /** The call ended (answered or failed after it was sent). */
  finish(): void;
  /** The call was never sent (e.g. the circuit is open). */
  cancel(): void;
}

interface Waiter {
  id: string;
  priority: Priority;
  /** The queue's buckets, plus the background share for background work. */
  buckets: BucketSpec[];
  /** How long the call may hold its token once granted. */
  holdMs: () => number;
  /** Latest moment the caller may be granted its token. */
  grantBy: number;
  enqueuedAt: number;
  grant(): void;
  refuse(waitMs: number): void;
  timer: NodeJS.Timeout;
}

interface Queue {
  kind: CallKind;
  buckets: BucketSpec[];
  waiters: Waiter[];
  pumping: boolean;
  wake: (() => void) | undefined;
}

export interface BudgetOptions {
  /** Time a caller waited for its token, and whether it got one. */
  onWait?: (kind: CallKind, waitedMs: number, outcome: 'granted' | 'refused', priority: Priority) => void;
  /** Told when a caller joins or leaves a queue (depth per kind and priority). */
  onQueueChange?: (kind: CallKind, priority: Priority, depth: number) => void;
  /** Told when the store failed and the in-process fallback counted instead. */
  onStoreError?: (error: unknown) => void;
  /** Told once when the store answers again after failing (the streak's end). */
  onStoreRecovered?: () => void;
  /** Counts when the shared store fails, so a Redis outage slows nothing down. */
  fallback?: TokenStore;
}

export class UpstreamBudget {
  private readonly queues: Record<CallKind, Queue>;
  /** The shared store's last call failed (the fallback counts meanwhile). */
  private storeFailing = false;
  /** Background work never takes more than this share of the requests bucket. */
  private readonly background: BucketSpec;
  /** Pushes and background work together leave this many tokens of a window to people. */
  private readonly unreserved: BucketSpec;

  constructor(
    private readonly store: TokenStore,
    readonly limits: BudgetLimits,
    private readonly options: BudgetOptions = {},
  ) {
    const requests: BucketSpec = { name: 'requests', limit: limits.requests, windowMs: limits.windowMs };
    const deletes: BucketSpec = { name: 'deletes', limit: limits.deletes, windowMs: limits.deleteWindowMs };
    const reserved = Math.floor((limits.requests * (limits.interactiveReservePercent ?? 20)) / 100);
    this.unreserved = {
      name: 'unreserved',
      limit: Math.max(1, limits.requests - reserved),
      windowMs: limits.windowMs,
    };
    this.background = {
      name: 'background',
      limit: Math.max(1, Math.floor((limits.requests * (limits.backgroundSharePercent ?? 20)) / 100)),
      windowMs: limits.windowMs,
    };
    // Two queues: a delete waiting out its per-minute limit must not hold up the reads behind it.
    this.queues = {
      request: { kind: 'request', buckets: [requests], waiters: [], pumping: false, wake: undefined },
      delete: { kind: 'delete', buckets: [deletes, requests], waiters: [], pumping: false, wake: undefined },
    };
  }

  /**
   * Waits for a token until `grantBy` at the latest (epoch ms). `callDeadline` bounds how long the
   * call may then hold it while in flight (or `holdMs` from the grant, when given). Waiters are
   * served most urgent priority first, then in arrival order.
   */
  async acquire(
    kind: CallKind,
    grantBy: number,
    callDeadline: number,
    options: AcquireOptions = {},
  ): Promise<Token> {
    const queue = this.queues[kind];
    const priority = options.priority ?? 'interactive';
    const buckets = this.bucketsFor(queue, priority);
    const holdMs = () => options.holdMs ?? Math.max(0, callDeadline - Date.now());
    const enqueuedAt = Date.now();
    const refuse = (waitMs: number) => {
      this.options.onWait?.(kind, Date.now() - enqueuedAt, 'refused', priority);
      return budgetExhausted(waitMs);
    };
    // Nobody waiting: ask at once. Only a caller who must wait joins the queue (if there is room).
    if (queue.waiters.length === 0 && !queue.pumping) {
      const id = randomUUID();
      const answer = await this.guarded((store) => store.take(buckets, id, holdMs()));
      if (answer.granted) {
        this.options.onWait?.(kind, Date.now() - enqueuedAt, 'granted', priority);
        return this.tokenFor(buckets, id);
      }
      this.lastWaitMs[kind] = answer.waitMs;
      if (this.limits.queueMax === 0 || Date.now() + answer.waitMs > grantBy) throw refuse(answer.waitMs);
    } else if (queue.waiters.length >= this.limits.queueMax) {
      throw refuse(this.estimateMs(queue, queue.waiters.length));
    }
    return this.enqueue(queue, { priority, buckets, holdMs, grantBy, enqueuedAt });
  }

  /** Joins the queue; the pump grants in turn, and the caller is refused once `grantBy` has passed. */
  private enqueue(
    queue: Queue,
    request: Pick<Waiter, 'priority' | 'buckets' | 'holdMs' | 'grantBy' | 'enqueuedAt'>,
  ): Promise<Token> {
    const { kind } = queue;
    const { priority, enqueuedAt } = request;
    return new Promise<Token>((resolve, reject) => {
      const waiter: Waiter = {
        ...request,
        id: randomUUID(),
        grant: () => {
          clearTimeout(waiter.timer);
          this.options.onWait?.(kind, Date.now() - enqueuedAt, 'granted', priority);
          resolve(this.tokenFor(waiter.buckets, waiter.id));
        },
        refuse: (waitMs) => {
          clearTimeout(waiter.timer);
          this.options.onWait?.(kind, Date.now() - enqueuedAt, 'refused', priority);
          reject(budgetExhausted(waitMs));
        },
        // Estimates can be beaten by other instances' calls: the deadline is enforced regardless.
        timer: setTimeout(
          () => {
            const index = queue.waiters.indexOf(waiter);
            if (index < 0) return;
            queue.waiters.splice(index, 1);
            this.queueChanged(queue, priority);
            waiter.refuse(this.estimateMs(queue, index));
          },
          Math.max(0, request.grantBy - Date.now()),
        ),
      };
      waiter.timer.unref?.();
      // After every waiter of its priority or a more urgent one: arrival order within a priority.
      let index = queue.waiters.findIndex((other) => rank(other.priority) > rank(priority));
      if (index < 0) index = queue.waiters.length;
      queue.waiters.splice(index, 0, waiter);
      this.queueChanged(queue, priority);
      // A new head may be served sooner than the one the pump sleeps for (another priority's bucket).
      if (index === 0) queue.wake?.();
      void this.pump(queue);
    });
  }

  /**
   * A person's call takes from the requests bucket alone; a push's also from the unreserved part
   * (so people always find a token soon, however many pushes wait); background work also from its
   * own share. Deletes keep their own bucket too.
   */
  private bucketsFor(queue: Queue, priority: Priority): BucketSpec[] {
    if (priority === 'interactive') return queue.buckets;
    const unreserved = [...queue.buckets, this.unreserved];
    return priority === 'push' ? unreserved : [...unreserved, this.background];
  }

  private queueChanged(queue: Queue, priority: Priority): void {
    if (!this.options.onQueueChange) return;
    const depth = queue.waiters.filter((waiter) => waiter.priority === priority).length;
    this.options.onQueueChange(queue.kind, priority, depth);
  }

  /** When a read refused now could try again: the next token's estimated wait, at least a second. */
  retryInMs(): number {
    return Math.max(1_000, this.estimateMs(this.queues.request, this.queues.request.waiters.length));
  }

  /** Belvo answered 429: every caller waits `ms` (its Retry-After). */
  async pause(ms: number): Promise<void> {
    await this.guarded((store) => store.pause(ms));
    for (const queue of Object.values(this.queues)) queue.wake?.();
  }

  /** Callers waiting now, per kind. */
  get waiting(): Record<CallKind, number> {
    return { request: this.queues.request.waiters.length, delete: this.queues.delete.waiters.length };
  }

  close(): void {
    for (const queue of Object.values(this.queues)) {
      for (const waiter of queue.waiters.splice(0)) {
        this.queueChanged(queue, waiter.priority);
        waiter.refuse(this.limits.windowMs);
      }
      queue.wake?.();
    }
  }

  /** The last wait the store reported, per kind, for refusals that happen without asking it. */
  private lastWaitMs: Record<CallKind, number> = { request: 0, delete: 0 };

  /** When the waiter at `position` may expect its token: each `limit` waiters ahead cost a window. */
  private estimateMs(queue: Queue, position: number): number {
    const bucket = queue.buckets[0] as BucketSpec;
    return Math.max(this.lastWaitMs[queue.kind], 1) + Math.floor(position / bucket.limit) * bucket.windowMs;
  }

  /** One loop per queue serves its head until the store refuses, then sleeps until a token frees. */
  private async pump(queue: Queue): Promise<void> {
    if (queue.pumping) return;
    queue.pumping = true;
    try {
      while (queue.waiters.length > 0) {
        const head = queue.waiters[0] as Waiter;
        const answer = await this.guarded((store) => store.take(head.buckets, head.id, head.holdMs()));
        if (queue.waiters[0] !== head) {
          // It gave up, or a more urgent caller came first: a token taken for it goes back at once.
          if (answer.granted)
            await this.guarded((store) => store.cancel(head.buckets, head.id)).catch(() => {});
          continue;
        }
        if (answer.granted) {
          this.lastWaitMs[queue.kind] = 0;
          queue.waiters.shift();
          this.queueChanged(queue, head.priority);
          head.grant();
          continue;
        }
        this.lastWaitMs[queue.kind] = answer.waitMs;
        const now = Date.now();
        queue.waiters = queue.waiters.filter((waiter, position) => {
          const waitMs = this.estimateMs(queue, position);
          if (now + waitMs <= waiter.grantBy) return true;
          waiter.refuse(waitMs);
          return false;
        });
        for (const priority of PRIORITIES) this.queueChanged(queue, priority);
        if (queue.waiters.length === 0) break;
        await new Promise<void>((resolve) => {
          // Looks again within a second at most: another instance may hand a token back early (a
          // call it never sent), which only its own queues hear of.
          const timer = setTimeout(done, Math.min(answer.waitMs, RECHECK_MS));
          function done() {
            clearTimeout(timer);
            queue.wake = undefined;
            resolve();
          }
          // A token handed back early (a call cancelled) or a lifted pause wakes the queue at once.
          queue.wake = done;
        });
      }
    } finally {
      queue.pumping = false;
    }
  }

  private tokenFor(buckets: BucketSpec[], id: string): Token {
    let settled = false;
    const settle = (how: 'finish' | 'cancel') => {
      if (settled) return;
      settled = true;
      void this.guarded((store) => store[how](buckets, id)).then(() => {
        // A finished call's token returns only a window later; a cancelled one is back now.
        if (how === 'cancel') for (const each of Object.values(this.queues)) each.wake?.();
      });
    };
    return { finish: () => settle('finish'), cancel: () => settle('cancel') };
  }

  private async guarded<T>(operation: (store: TokenStore) => Promise<T>): Promise<T> {
    try {
      const answer = await operation(this.store);
      if (this.storeFailing) {
        this.storeFailing = false;
        this.options.onStoreRecovered?.();
      }
      return answer;
    } catch (error) {
      if (!this.options.fallback) throw error;
      this.storeFailing = true;
      this.options.onStoreError?.(error);
      return operation(this.options.fallback);
    }
  }
}
