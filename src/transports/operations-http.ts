import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../metrics.js';

export interface ReadinessCheck {
  name: string;
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

type Readiness = { ready: boolean; checks: Record<string, 'ok' | 'failing'> };

/** `/healthz` (the process is alive), `/readyz` (its dependencies answer), `/metrics` (Prometheus). */
export async function registerOperationsRoutes(fastify: FastifyInstance, options: OperationsRoutesOptions) {
  const cacheMs = options.readinessCacheMs ?? 5_000;
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  let cached: { at: number; value: Promise<Readiness> } | undefined;

  const readiness = (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.value;
    const value = Promise.all(
      options.checks.map(
        async ({ name, check }) =>
          [name, (await withTimeout(check(), timeoutMs)) ? 'ok' : 'failing'] as const,
      ),
    ).then((results) => ({
      ready: results.every(([, state]) => state === 'ok'),
      checks: Object.fromEntries(results),
    }));
    cached = { at: Date.now(), value };
    return value;
  };

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (_request, reply) => {
    const { ready, checks } = await readiness();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  fastify.get('/metrics', async (_request, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(body);
  });
}

/** Whether the check succeeded in time; a failure's detail stays out of the public answer. */
async function withTimeout(check: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([check.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
