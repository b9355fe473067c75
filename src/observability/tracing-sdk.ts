import { register } from 'node:module';
import type { TelemetryConfig } from '../config.js';

export interface Telemetry {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** The packages whose ESM imports are hooked so their instrumentations can patch them. */
const HOOKED_MODULES = ['fastify', 'ioredis', 'pg'];

/**
 * Starts the OpenTelemetry SDK for Node with the maintained instrumentations: HTTP (the server's
 * requests), undici (the calls to Belvo), fastify (@fastify/otel, the routes), ioredis and pg.
 * Must run before app.js is imported: instrumentations patch modules as they load, and this app
 * is ES modules, so an import hook (import-in-the-middle) is registered first, limited to the
 * packages instrumented. Answers undefined, and loads nothing, when telemetry is off.
 */
export async function startTelemetry(config: TelemetryConfig): Promise<Telemetry | undefined> {
  if (!config.enabled) return undefined;
  register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: HOOKED_MODULES } });
  const [{ NodeSDK }, { HttpInstrumentation }, { UndiciInstrumentation }, { FastifyOtelInstrumentation }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-undici'),
      import('@fastify/otel'),
    ]);
  const [{ IORedisInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/instrumentation-ioredis'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const probes = new Set(['/healthz', '/readyz', '/metrics']);
  // GET /graphql carries the operation and its variables (a cédula) in the query string: spans
  // keep the path only.
  const pathOnly = (url: string) => url.split('?')[0] ?? url;
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [
      // Probes every few seconds from load balancers would drown the traces that matter.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => probes.has(pathOnly(request.url ?? '')),
        redactedQueryParamsServer: ['query', 'variables', 'extensions', 'operationName'],
      }),
      new UndiciInstrumentation(),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route) => probes.has(pathOnly(route.url)),
        requestHook: (span, request) => span.setAttribute('url.path', pathOnly(request.url)),
        // Fastify names an anonymous plugin by the first lines of its source, and @fastify/otel names
        // hook and handler spans after it: span names that were code. A name, or "anonymous".
        lifecycleHook: (span, { hookName, handler }) => {
          const name = `${hookName} - ${readableName(handler)}`;
          span.updateName(name);
          span.setAttribute('hook.name', name);
        },
      }),
      // Statements, not values: db.statement carries parameters' placeholders only.
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

/** A function's or plugin's name as it may appear in a span name: an identifier or a package name, never code. */
export function readableName(name: string | undefined): string {
  return name !== undefined && /^[\w$@./-]{1,80}$/.test(name) ? name : 'anonymous';
}
