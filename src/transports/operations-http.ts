import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../metrics.js';
import { settleWithin } from '../settle-within.js';

export interface ReadinessCheck {
  name: string;
  /** A failing critical check makes the gateway not ready (503); any other only degraded (200). */
  critical: boolean;
  /** Resolves when the dependency answers; rejects (or exceeds the timeout) when it does not. */
  check: () => Promise<void>;
}

export interface OperationsRoutesOptions {
  checks: ReadinessCheck[];
  metrics: GatewayMetrics;
  /**
   * Readiness is cached this long: probes every few seconds from many load balancers must not
   * spend Belvo's rate limit (about 80 requests per 30 s).
   */
  readinessCacheMs?: number;
  checkTimeoutMs?: number;
}

type Readiness = { status: 'ready' | 'degraded' | 'not ready'; checks: Record<string, 'ok' | 'failing'> };

/**
 * `/healthz` (the process is alive), `/readyz` (ready, degraded or not, per dependency),
 * `/metrics` (Prometheus).
 */
export async function registerOperationsRoutes(fastify: FastifyInstance, options: OperationsRoutesOptions) {
  const cacheMs = options.readinessCacheMs ?? 5_000;
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  let cached: { at: number; value: Promise<Readiness> } | undefined;

  const readiness = (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.value;
    const value = Promise.all(
      options.checks.map(async ({ name, critical, check }) => ({
        name,
        critical,
        ok: await withTimeout(check(), timeoutMs),
      })),
    ).then((results): Readiness => ({
      status: results.some((result) => result.critical && !result.ok)
        ? 'not ready'
        : results.some((result) => !result.ok)
          ? 'degraded'
          : 'ready',
      checks: Object.fromEntries(results.map((result) => [result.name, result.ok ? 'ok' : 'failing'])),
    }));
    cached = { at: Date.now(), value };
    return value;
  };

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (_request, reply) => {
    const { status, checks } = await readiness();
    return reply.code(status === 'not ready' ? 503 : 200).send({ status, checks });
  });

  fastify.get('/metrics', async (_request, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}

/** Whether the check succeeded in time; a failure's detail stays out of the public answer. */
async function withTimeout(check: Promise<void>, timeoutMs: number): Promise<boolean> {
  try {
    return await settleWithin(
      check.then(() => true),
      timeoutMs,
      () => false,
    );
  } catch {
    return false;
  }
}
