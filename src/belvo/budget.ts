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
 * Callers wait their turn in a bounded FIFO queue per kind; a caller whose turn would come after
 * its deadline, or who finds the queue full, is refused at once with BELVO_BUDGET_EXHAUSTED and a
 * retry-after. A 429 from Belvo pauses every caller (every instance, with Redis) for its Retry-After.
 */

export type BudgetLimits = Omit<UpstreamBudgetConfig, 'pauseMs'>;

export type CallKind = 'request' | 'delete';

export interface Token {
  /** The call ended (answered or failed after it was sent). */
  finish(): void;
  /** The call was never sent (e.g. the circuit is open). */
  cancel(): void;
}

interface Waiter {
  id: string;
  /** Latest moment the caller may be granted its token. */
  grantBy: number;
  /** The call's own deadline, after which it cannot be in flight any more. */
  callDeadline: number;
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
  onWait?: (kind: CallKind, waitedMs: number, outcome: 'granted' | 'refused') => void;
  /** Told when the store failed and the in-process fallback counted instead. */
  onStoreError?: (error: unknown) => void;
  /** Counts when the shared store fails, so a Redis outage slows nothing down. */
  fallback?: TokenStore;
}

export class UpstreamBudget {
  private readonly queues: Record<CallKind, Queue>;

  constructor(
    private readonly store: TokenStore,
    readonly limits: BudgetLimits,
    private readonly options: BudgetOptions = {},
  ) {
    const requests: BucketSpec = { name: 'requests', limit: limits.requests, windowMs: limits.windowMs };
    const deletes: BucketSpec = { name: 'deletes', limit: limits.deletes, windowMs: limits.deleteWindowMs };
    // Two queues: a delete waiting out its per-minute limit must not hold up the reads behind it.
    this.queues = {
      request: { kind: 'request', buckets: [requests], waiters: [], pumping: false, wake: undefined },
      delete: { kind: 'delete', buckets: [deletes, requests], waiters: [], pumping: false, wake: undefined },
    };
  }

  /**
   * Waits for a token until `grantBy` at the latest (epoch ms). `callDeadline` bounds how long the
   * call may then hold it while in flight.
   */
  async acquire(kind: CallKind, grantBy: number, callDeadline: number): Promise<Token> {
    const queue = this.queues[kind];
    const enqueuedAt = Date.now();
    const refuse = (waitMs: number) => {
      this.options.onWait?.(kind, Date.now() - enqueuedAt, 'refused');
      return budgetExhausted(waitMs);
    };
    // Nobody waiting: ask at once. Only a caller who must wait joins the queue (if there is room).
    if (queue.waiters.length === 0 && !queue.pumping) {
      const id = randomUUID();
      const answer = await this.guarded((store) =>
        store.take(queue.buckets, id, Math.max(0, callDeadline - Date.now())),
      );
      if (answer.granted) {
        this.options.onWait?.(kind, Date.now() - enqueuedAt, 'granted');
        return this.tokenFor(queue, id);
      }
      this.lastWaitMs[kind] = answer.waitMs;
      if (this.limits.queueMax === 0 || Date.now() + answer.waitMs > grantBy) throw refuse(answer.waitMs);
    } else if (queue.waiters.length >= this.limits.queueMax) {
      throw refuse(this.estimateMs(queue, queue.waiters.length));
    }
    return this.enqueue(queue, grantBy, callDeadline, enqueuedAt);
  }

  /** Joins the queue; the pump grants in turn, and the caller is refused once `grantBy` has passed. */
  private enqueue(queue: Queue, grantBy: number, callDeadline: number, enqueuedAt: number): Promise<Token> {
    const { kind } = queue;
    return new Promise<Token>((resolve, reject) => {
      const waiter: Waiter = {
        id: randomUUID(),
        grantBy,
        callDeadline,
        enqueuedAt,
        grant: () => {
          clearTimeout(waiter.timer);
          this.options.onWait?.(kind, Date.now() - enqueuedAt, 'granted');
          resolve(this.tokenFor(queue, waiter.id));
        },
        refuse: (waitMs) => {
          clearTimeout(waiter.timer);
          this.options.onWait?.(kind, Date.now() - enqueuedAt, 'refused');
          reject(budgetExhausted(waitMs));
        },
        // Estimates can be beaten by other instances' calls: the deadline is enforced regardless.
        timer: setTimeout(
          () => {
            const index = queue.waiters.indexOf(waiter);
            if (index < 0) return;
            queue.waiters.splice(index, 1);
            waiter.refuse(this.estimateMs(queue, index));
          },
          Math.max(0, grantBy - Date.now()),
        ),
      };
      waiter.timer.unref?.();
      queue.waiters.push(waiter);
      void this.pump(queue);
    });
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
      for (const waiter of queue.waiters.splice(0)) waiter.refuse(this.limits.windowMs);
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
        const answer = await this.guarded((store) =>
          store.take(queue.buckets, head.id, Math.max(0, head.callDeadline - Date.now())),
        );
        if (queue.waiters[0] !== head) {
          // It gave up meanwhile: a token taken for it goes back at once.
          if (answer.granted)
            await this.guarded((store) => store.cancel(queue.buckets, head.id)).catch(() => {});
          continue;
        }
        if (answer.granted) {
          this.lastWaitMs[queue.kind] = 0;
          queue.waiters.shift();
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
        if (queue.waiters.length === 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, answer.waitMs);
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

  private tokenFor(queue: Queue, id: string): Token {
    let settled = false;
    const settle = (how: 'finish' | 'cancel') => {
      if (settled) return;
      settled = true;
      void this.guarded((store) => store[how](queue.buckets, id)).then(() => {
        // A finished call's token returns only a window later; a cancelled one is back now.
        if (how === 'cancel') for (const each of Object.values(this.queues)) each.wake?.();
      });
    };
    return { finish: () => settle('finish'), cancel: () => settle('cancel') };
  }

  private async guarded<T>(operation: (store: TokenStore) => Promise<T>): Promise<T> {
    try {
      return await operation(this.store);
    } catch (error) {
      if (!this.options.fallback) throw error;
      this.options.onStoreError?.(error);
      return operation(this.options.fallback);
    }
  }
}
