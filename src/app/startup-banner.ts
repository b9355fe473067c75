import type { Config, DatabaseConfig } from '../config.js';
import { probeDependencies, type DependencyStatus } from '../operations/dependency-status.js';
import { GRAPHQL_PATH, WEBHOOK_PATH } from '../requests/paths.js';
import { APP_PATH, referenceAppPresent } from '../routes/app-http.js';
import type { App } from './app.js';

/**
 * What `npm start` prints once it listens, its dependencies checked now so that the banner says
 * what works rather than what was configured; the statuses too, for the warnings that follow it.
 */
export async function startupBanner(
  app: App,
  url: string,
  checkTimeoutMs: number,
): Promise<{ banner: string; statuses: DependencyStatus[] }> {
  const statuses = await probeDependencies(app.checks, checkTimeoutMs);
  const banner = renderBanner({
    config: app.config,
    url,
    webhookPath: WEBHOOK_PATH,
    graphqlPath: GRAPHQL_PATH,
    appPath: app.config.referenceApp && referenceAppPresent() ? APP_PATH : undefined,
    sandboxUrl: app.sandbox?.url,
    cacheBackend: app.cache.backend,
    busBackend: app.events.bus.backend,
    statuses,
  });
  return { banner, statuses };
}

export interface BannerFacts {
  config: Config;
  /** The gateway's base URL. */
  url: string;
  webhookPath: string;
  graphqlPath: string;
  /** Where the reference onboarding app is served; undefined when it is not. */
  appPath?: string | undefined;
  sandboxUrl: string | undefined;
  cacheBackend: string;
  busBackend: string;
  /** Each dependency as checked just now, not as configured. */
  statuses: DependencyStatus[];
}

/**
 * What `npm start` prints: where everything is, and the state of each dependency as checked at
 * start. A line that only repeated the configuration ("Cache: redis") while Redis was down sent
 * people looking everywhere else.
 */
export function renderBanner(facts: BannerFacts): string {
  const { config, url } = facts;
  const status = (name: string) => facts.statuses.find((entry) => entry.name === name);
  const state = (name: string, okText = 'ok') => {
    const entry = status(name);
    if (!entry) return 'not checked';
    return entry.ok ? okText : `✗ ${entry.reason ?? 'failing'}`;
  };
  const failing = facts.statuses.filter((entry) => !entry.ok);
  const headline = failing.some((entry) => entry.critical)
    ? `is up but NOT READY (${failing.map((entry) => entry.name).join(', ')} failing; /readyz says why)`
    : failing.length > 0
      ? `is up, DEGRADED (${failing.map((entry) => entry.name).join(', ')} failing)`
      : 'is up';
  const redisOk = status('redis')?.ok !== false;
  const where = (backend: string) =>
    backend === 'redis' && config.redisUrl ? `redis at ${hostOf(config.redisUrl)}` : backend;
  const redisLine = (backend: string, consequence: string) =>
    backend === 'redis'
      ? `${where(backend)} · ${redisOk ? 'reachable' : `${state('redis')} — ${consequence}`}`
      : backend;
  const lines = [
    `Belvo employments gateway ${headline} (${config.mode} mode)`,
    `  Onboarding app:    ${facts.appPath ? `${url}${facts.appPath} (a reference frontend: cédula to income chart)` : 'off (REFERENCE_APP=true serves it; off by default in real mode)'}`,
    `  GraphQL explorer:  ${config.explorer ? `${url}${facts.graphqlPath}` : 'off (GRAPHQL_EXPLORER=true serves it; off by default with NODE_ENV=production)'}`,
    `  GraphQL endpoint:  ${url}${facts.graphqlPath} (HTTP POST/GET; subscriptions over WebSocket, or SSE at ${url}${facts.graphqlPath}/stream)`,
    `  Belvo upstream:    ${config.mode === 'embedded' ? `embedded simulator at ${facts.sandboxUrl}` : config.belvo.baseUrl} · ${state('belvo', 'keys accepted')}`,
    `  Belvo webhooks:    ${url}${facts.webhookPath}${config.mode === 'embedded' ? ' (the simulator posts here)' : ''}`,
    `  Database:          ${describeDatabase(config.state.database)} · ${state('database')}`,
    `  Cache:             ${redisLine(facts.cacheBackend, 'every read goes to Belvo until it answers')}`,
    `  Events, pub/sub:   ${redisLine(facts.busBackend, 'webhooks are answered 503 (Belvo redelivers) until it answers')}`,
    `  Client auth:       ${config.clientAuth.open ? 'OFF (embedded, loopback only): every caller is admin' : 'API keys / JWT required'}`,
    `  Health, metrics:   ${url}/healthz  ${url}/readyz  ${url}/metrics`,
    `  Tracing:           ${config.telemetry.enabled ? `OpenTelemetry, exporting to ${config.telemetry.destination}` : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces)'}`,
    `Try the whole flow: npm run demo   (in another terminal${config.port === 4000 ? '' : `, with GATEWAY_URL=${url}`})`,
  ];
  return lines.join('\n');
}

/** Where the database is, without the credentials a URL may hold. */
function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'pglite') {
    return database.dataDir ? `PGlite in ${database.dataDir}` : 'PGlite in memory (lost on exit)';
  }
  const url = new URL(database.url);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/** host:port of a URL; never its user or password. */
const hostOf = (raw: string) => new URL(raw).host;
