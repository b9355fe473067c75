import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Exchange } from '../belvo/http.js';
import type { CacheStats } from '../cache/cache.js';
import type { Priority } from '../belvo/budget.js';
import { SchedulerMetrics } from './scheduler-metrics.js';

export interface MetricSources {
  cacheStats: () => CacheStats;
  cacheBackend: string;
}

/** The WebSocket server, as far as metrics care. */
export interface WebSocketSource {
  readonly clients: { size: number };
  activeSubscriptions(): number;
}

/**
 * Prometheus metrics for one app (its own registry: two apps in one process, as in the tests, do
 * not mix). Labels are closed sets — endpoints with ids replaced, status codes, event kinds, error
 * codes — never anything a client or Belvo could make unbounded.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** The read scheduler's calls, batches and queue. */
  readonly scheduler = new SchedulerMetrics(this.registry);
  private webSockets: WebSocketSource | undefined;
  private sse: { openStreams(): number } | undefined;

  private readonly upstreamRequests = new Counter({
    name: 'belvo_upstream_requests_total',
    help: 'HTTP exchanges with Belvo (each retry counts), by method, endpoint and status.',
    labelNames: ['method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new Histogram({
    name: 'belvo_upstream_request_duration_seconds',
    help: 'Duration of HTTP exchanges with Belvo.',
    labelNames: ['method', 'endpoint'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly webhooks = new Counter({
    name: 'gateway_webhooks_total',
    help: 'Belvo webhooks received, by event kind (or "unknown") and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly deprecatedUses = new Counter({
    name: 'gateway_deprecated_field_operations_total',
    help: 'Operations that selected a deprecated field, by field (Type.field): zero for a while before the field is removed',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations started, by transport and operation type.',
    labelNames: ['transport', 'type'] as const,
    registers: [this.registry],
  });

  private readonly circuit = new Gauge({
    name: 'belvo_circuit_state',
    help: 'Circuit breaker around each class of Belvo endpoints: 0 closed, 1 half-open, 2 open.',
    labelNames: ['endpoint_class'] as const,
    registers: [this.registry],
  });

  private readonly budgetWait = new Histogram({
    name: 'belvo_budget_wait_seconds',
    help: "Time calls to Belvo spent queued for a token of the gateway's rate budget, by kind, priority and outcome (granted, refused).",
    labelNames: ['kind', 'priority', 'outcome'] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly firstPush = new Histogram({
    name: 'gateway_link_first_push_seconds',
    help: 'Time from createLink (on this instance) to the first event of that link pushed to a subscriber: how long a client waits for its data',
    buckets: [1, 2, 5, 10, 15, 20, 30, 45, 60, 120, 300, 600],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    const webSockets = () => this.webSockets;
    const sse = () => this.sse;
    new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Cache lookups of Belvo reads, by backend and outcome (hit, miss; error counts store failures).',
      labelNames: ['backend', 'outcome'] as const,
      registers: [this.registry],
      collect() {
        const stats = sources.cacheStats();
        this.reset();
        this.inc({ backend: sources.cacheBackend, outcome: 'hit' }, stats.hits);
        this.inc({ backend: sources.cacheBackend, outcome: 'miss' }, stats.misses);
        this.inc({ backend: sources.cacheBackend, outcome: 'error' }, stats.errors);
      },
    });
    new Gauge({
      name: 'gateway_active_subscriptions',
      help: 'GraphQL subscriptions currently open over WebSocket.',
      registers: [this.registry],
      collect() {
        this.set(webSockets()?.activeSubscriptions() ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_sse_streams',
      help: 'GraphQL subscriptions currently open over Server-Sent Events (one stream each).',
      registers: [this.registry],
      collect() {
        this.set(sse()?.openStreams() ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_websocket_connections',
      help: 'WebSocket connections currently open.',
      registers: [this.registry],
      collect() {
        this.set(webSockets()?.clients.size ?? 0);
      },
    });
  }

  /** Like the WebSocket server, the SSE route exists only once the schema does. */
  observeSse(source: { openStreams(): number }): void {
    this.sse = source;
  }

  /** The WebSocket server exists only once the schema does, after this registry. */
  observeWebSockets(source: WebSocketSource): void {
    this.webSockets = source;
  }

  /** Bound, so it can be handed around as a callback. */
  readonly observeFirstPush = (seconds: number): void => this.firstPush.observe(seconds);

  readonly observeUpstream = (exchange: Exchange): void => {
    this.upstreamRequests.inc({
      method: exchange.method,
      endpoint: exchange.endpoint,
      status: String(exchange.status),
    });
    this.upstreamDuration.observe(
      { method: exchange.method, endpoint: exchange.endpoint },
      exchange.durationMs / 1000,
    );
  };

  countWebhook(kind: string, outcome: string): void {
    this.webhooks.inc({ kind, outcome });
  }

  countOperation(transport: 'http' | 'websocket' | 'sse', type: string): void {
    this.operations.inc({ transport, type });
  }

  /** An operation selected a deprecated field (its schema coordinate, from the schema: bounded). */
  countDeprecatedUse(coordinate: string): void {
    this.deprecatedUses.inc({ field: coordinate });
  }

  circuitChanged(endpointClass: string, state: 'closed' | 'half-open' | 'open'): void {
    this.circuit.set({ endpoint_class: endpointClass }, { closed: 0, 'half-open': 1, open: 2 }[state]);
  }

  readonly observeBudgetWait = (
    kind: string,
    waitedMs: number,
    outcome: 'granted' | 'refused',
    priority: Priority,
  ): void => {
    this.budgetWait.observe({ kind, priority, outcome }, waitedMs / 1000);
  };

  countError(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
  }
}
