import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Priority } from '../belvo/budget.js';
import type { ReadScheduler, SchedulerObserver } from '../upstream/read-scheduler.js';

/** A push read counts as delayed once it waited this long for the budget. */
const DELAYED_MS = 1_000;

/**
 * What the read scheduler does with Belvo's budget: calls by kind and priority, ids per call, asks
 * waiting and how long they waited, and pushes delayed or refused by the push deadline.
 */
export class SchedulerMetrics implements SchedulerObserver {
  private scheduler: ReadScheduler | undefined;
  private readonly calls: Counter<'kind' | 'priority'>;
  private readonly idsPerCall: Histogram<'kind'>;
  private readonly askWait: Histogram<'priority' | 'outcome'>;
  private readonly pushReads: Counter<'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.calls = new Counter({
      name: 'belvo_scheduled_calls_total',
      help: 'Batched read calls the read scheduler sent to Belvo, by kind (link, employments, owners, new-employments) and the most urgent priority in them.',
      labelNames: ['kind', 'priority'] as const,
      registers,
    });
    this.idsPerCall = new Histogram({
      name: 'belvo_scheduled_ids_per_call',
      help: 'Distinct asks (link ids) carried by one batched read call, by kind.',
      labelNames: ['kind'] as const,
      buckets: [1, 2, 5, 10, 20, 30, 40, 50, 100],
      registers,
    });
    this.askWait = new Histogram({
      name: 'belvo_scheduled_ask_wait_seconds',
      help: 'Time a read waited in the scheduler for a call, by priority and outcome (sent, expired at its deadline).',
      labelNames: ['priority', 'outcome'] as const,
      buckets: [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.pushReads = new Counter({
      name: 'gateway_push_reads_total',
      help: `Reads made for pushes, by outcome: on_time, delayed (waited over ${DELAYED_MS / 1000} s for the budget), refused (the push deadline passed; the push carried RATE_LIMITED).`,
      labelNames: ['outcome'] as const,
      registers,
    });
    const scheduler = () => this.scheduler;
    new Gauge({
      name: 'belvo_scheduled_queue_depth',
      help: 'Distinct reads waiting in the scheduler for a call, by the most urgent priority waiting on each.',
      labelNames: ['priority'] as const,
      registers,
      collect() {
        const waiting = scheduler()?.waiting();
        if (!waiting) return;
        for (const [priority, asks] of Object.entries(waiting)) this.set({ priority }, asks);
      },
    });
  }

  /** The scheduler whose queue depth is reported. */
  watch(scheduler: ReadScheduler): void {
    this.scheduler = scheduler;
  }

  sent(kind: string, priority: Priority, asks: number): void {
    this.calls.inc({ kind, priority });
    this.idsPerCall.observe({ kind }, asks);
  }

  waited(priority: Priority, waitedMs: number, outcome: 'sent' | 'expired'): void {
    this.askWait.observe({ priority, outcome }, waitedMs / 1000);
    if (priority !== 'push') return;
    this.pushReads.inc({
      outcome: outcome === 'expired' ? 'refused' : waitedMs >= DELAYED_MS ? 'delayed' : 'on_time',
    });
  }
}
