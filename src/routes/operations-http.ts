import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../operations/metrics.js';
import { probeDependencies, type DependencyCheck } from '../operations/dependency-status.js';

/** The checks `/readyz` runs are the dependency checks the banner runs. */
export type ReadinessCheck = DependencyCheck;

export interface OperationsRoutesOptions {
  checks: ReadinessCheck[];
  metrics: GatewayMetrics;
  /**
   * Readiness is cached this long: probes every few seconds from many load balancers must not
   * spend Belvo's rate limit (about 80 requests per 30 s).
   */
  readinessCacheMs: number;
  checkTimeoutMs?: number;
}

type Readiness = {
  status: 'ready' | 'degraded' | 'not ready';
  checks: Record<string, 'ok' | 'failing'>;
  /** Why each failing check fails ("keys refused (HTTP 401)…"), so an operator need not guess. */
  reasons?: Record<string, string>;
};

/**
 * `/healthz` (the process is alive), `/readyz` (ready, degraded or not, per dependency),
 * `/metrics` (Prometheus).
 */
export async function registerOperationsRoutes(fastify: FastifyInstance, options: OperationsRoutesOptions) {
  const cacheMs = options.readinessCacheMs;
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  let cached: { at: number; value: Promise<Readiness> } | undefined;

  const readiness = (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.value;
    const value = probeDependencies(options.checks, timeoutMs).then((results): Readiness => {
      const failing = results.filter((result) => !result.ok);
      return {
        status: failing.some((result) => result.critical)
          ? 'not ready'
          : failing.length > 0
            ? 'degraded'
            : 'ready',
        checks: Object.fromEntries(results.map((result) => [result.name, result.ok ? 'ok' : 'failing'])),
        ...(failing.length > 0 && {
          reasons: Object.fromEntries(failing.map((result) => [result.name, result.reason ?? 'failing'])),
        }),
      };
    });
    cached = { at: Date.now(), value };
    return value;
  };

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (_request, reply) => {
    const readinessNow = await readiness();
    return reply.code(readinessNow.status === 'not ready' ? 503 : 200).send(readinessNow);
  });

  fastify.get('/metrics', async (_request, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}
