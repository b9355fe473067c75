import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { BelvoClient } from './belvo/client.js';
import { createCache, type UpstreamCache } from './cache/cache.js';
import type { Config } from './config.js';
import { createContext, type GatewayContext } from './graphql/context.js';
import { formatError } from './graphql/errors.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { createLogger, type Logger } from './logger.js';
import { BelvoSandbox } from './sandbox/server.js';
import { GRAPHQL_PATH, registerGraphqlRoute } from './transports/graphql-http.js';

export interface AppDependencies {
  config: Config;
  logger?: Logger;
  cache?: UpstreamCache;
  /** A ready client; by default one is built from config (pointing at the embedded simulator in embedded mode). */
  belvo?: BelvoClient;
}

export interface App {
  config: Config;
  logger: Logger;
  belvo: BelvoClient;
  cache: UpstreamCache;
  fastify: FastifyInstance;
  /** The embedded Belvo simulator, in embedded mode. */
  sandbox: BelvoSandbox | undefined;
  /** Listens and answers the gateway's base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Wires config → Belvo client → schema → transports. In embedded mode it also starts the Belvo
 * simulator first, since the client needs its URL.
 */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const config = deps.config;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const sandbox = config.mode === 'embedded' && !deps.belvo ? await startSandbox(config) : undefined;
  const belvo =
    deps.belvo ?? new BelvoClient({ ...config.belvo, baseUrl: sandbox?.url ?? config.belvo.baseUrl });
  const cache = deps.cache ?? createCache({ redisUrl: config.redisUrl, ttlMs: config.cacheTtlMs, logger });

  const fastify = Fastify({ bodyLimit: config.bodyLimitBytes, logger: false });
  const schema = await buildGatewaySchema();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.stackTraces,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns signals and stops everything in order; Apollo stopping itself first races it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        stackTraces: config.stackTraces,
        onMasked: (cause) => logger.error({ err: cause }, 'unexpected error masked in a GraphQL response'),
      }),
    plugins: [fastifyApolloDrainPlugin(fastify), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  await registerGraphqlRoute(fastify, apollo, async () => createContext({ belvo, cache, logger }));

  return {
    config,
    logger,
    belvo,
    cache,
    fastify,
    sandbox,
    async start() {
      await fastify.listen({ host: config.host, port: config.port });
      const { port } = fastify.server.address() as AddressInfo;
      return config.publicUrl ?? `http://${config.host}:${port}`;
    },
    async stop() {
      await apollo.stop(); // its drain plugin closes fastify, waiting for in-flight requests
      await fastify.close();
      await sandbox?.stop();
      await belvo.close();
      await cache.close();
    },
  };
}

async function startSandbox(config: Config): Promise<BelvoSandbox> {
  const sandbox = new BelvoSandbox({
    secretId: config.belvo.secretId,
    secretPassword: config.belvo.secretPassword,
    host: '127.0.0.1',
    extractionDelayMs: config.sandbox.extractionDelayMs,
    recurrentIntervalMs: config.sandbox.recurrentIntervalMs,
    webhookRetryDelayMs: config.sandbox.webhookRetryDelayMs,
  });
  sandbox.faults.latencyMs = config.sandbox.latencyMs;
  await sandbox.start();
  return sandbox;
}

export { GRAPHQL_PATH };
