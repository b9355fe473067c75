import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { createSandboxApp } from './http/app.js';
import { RequestGate, type SandboxRequest } from './http/gate.js';
import { BELVO_RATE_LIMITS, RateLimits, type RateLimitOptions } from './rate-limits.js';
import { WebhookSender, type WebhookTarget } from './webhooks.js';
import { World } from './world.js';

export type { SandboxRequest } from './http/gate.js';

export interface SandboxOptions {
  secretId: string;
  secretPassword: string;
  host?: string;
  port?: number;
  extractionDelayMs?: number;
  recurrentIntervalMs?: number;
  refreshCooldownMs?: number;
  webhookRetryDelayMs?: number;
  webhook?: WebhookTarget;
  now?: () => Date;
  random?: () => number;
  /** Belvo's rate limits by default; tests that are not about them turn them off. */
  rateLimit?: RateLimitOptions;
  /** Requests kept in `requests` for counting; the oldest are forgotten first (default 10,000). */
  requestLogMax?: number;
  /** Delivery attempts kept in `webhooks.attempts`; the oldest are forgotten first (default 10,000). */
  webhookLogMax?: number;
}

/**
 * An in-process HTTP server that serves Belvo's contract for Colombian employment data
 * (docs/belvo-contract.md), with synthetic data, real webhooks and fault injection.
 */
export class BelvoSandbox {
  readonly faults: Faults;
  readonly requests: SandboxRequest[] = [];
  readonly webhooks: WebhookSender;
  readonly world: World;
  readonly rateLimits: RateLimits;
  private readonly requestLogMax: number;
  private readonly app: FastifyInstance;
  private baseUrl = '';

  constructor(private readonly options: SandboxOptions) {
    const now = () => options.now?.() ?? new Date();
    this.faults = new Faults(options.random);
    this.rateLimits = new RateLimits(options.rateLimit ?? BELVO_RATE_LIMITS);
    this.requestLogMax = options.requestLogMax ?? 10_000;
    this.webhooks = new WebhookSender(options.webhookRetryDelayMs ?? 2_000, options.webhookLogMax);
    this.webhooks.target = options.webhook;
    this.world = new World({
      extractionDelayMs: options.extractionDelayMs ?? 15_000,
      recurrentIntervalMs: options.recurrentIntervalMs ?? 0,
      refreshCooldownMs: options.refreshCooldownMs ?? 10 * 60_000,
      now,
      webhooks: this.webhooks,
    });
    const gate = new RequestGate({
      secretId: options.secretId,
      secretPassword: options.secretPassword,
      faults: this.faults,
      rateLimits: this.rateLimits,
      log: (request) => this.log(request),
    });
    this.app = createSandboxApp({ gate, world: this.world, now, baseUrl: () => this.baseUrl });
  }

  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    await this.app.listen({ port: this.options.port ?? 0, host });
    const { port } = this.app.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.webhooks.close();
    this.world.close();
    await this.app.close();
  }

  setWebhookTarget(target: WebhookTarget | undefined): void {
    this.webhooks.target = target;
  }

  /** How many requests matched, e.g. `count('GET', '/api/co/employments/')`. */
  count(method?: string, endpoint?: string): number {
    return this.requests.filter(
      (r) => (!method || r.method === method) && (!endpoint || r.endpoint === endpoint),
    ).length;
  }

  resetCounters(): void {
    this.requests.length = 0;
  }

  private log(request: SandboxRequest): void {
    this.requests.push(request);
    // Bounded: `npm start` runs for days.
    if (this.requests.length > this.requestLogMax)
      this.requests.splice(0, this.requests.length - this.requestLogMax);
  }
}
