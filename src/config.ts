/**
 * The one place that reads the environment. Everything else receives a validated `Config`.
 * Embedded mode (no Belvo keys) needs no variables at all.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';

export type Mode = 'embedded' | 'real';

export interface BelvoConfig {
  baseUrl: string;
  secretId: string;
  secretPassword: string;
  /** Deadline for one client call, retries included. */
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxResponseBytes: number;
  connections: number;
  pageSize: number;
  /** Consecutive failures (5xx, timeouts, network) that open the circuit; 4xx never count. */
  circuitFailures: number;
  circuitCooldownMs: number;
  budget: UpstreamBudgetConfig;
}

/** The gateway's share of Belvo's rate limit (see belvo/budget.ts); shared through Redis when configured. */
export interface UpstreamBudgetConfig {
  /** Calls per window (Belvo: about 80 per 30 s per client). */
  requests: number;
  windowMs: number;
  /** Synchronous link deletes per window (Belvo: 5 per minute). */
  deletes: number;
  deleteWindowMs: number;
  /** Callers waiting for a token, per kind; more are refused at once with RATE_LIMITED. */
  queueMax: number;
  /** How long a 429 without a Retry-After pauses every caller. */
  pauseMs: number;
}

export interface SandboxConfig {
  extractionDelayMs: number;
  recurrentIntervalMs: number;
  latencyMs: number;
  webhookRetryDelayMs: number;
  /** Belvo's limits as the simulator enforces them; 0 requests turns a limit off. */
  rateLimitRequests: number;
  rateLimitWindowMs: number;
  deleteLimit: number;
  deleteLimitWindowMs: number;
  /** Requests the simulator remembers for counting (oldest forgotten first). */
  requestLogMax: number;
}

export interface WebSocketConfig {
  connectionInitTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveMs: number;
  maxSubscriptionsPerSocket: number;
  maxMessageBytes: number;
  /** Open sockets per authenticated principal (per instance). */
  maxSocketsPerPrincipal: number;
  /** Open sockets per source address, authenticated or not (per instance). */
  maxSocketsPerAddress: number;
  /** Sockets per source address that have not completed `connection_init` yet. */
  maxUnauthenticatedPerAddress: number;
}

/** GraphQL over Server-Sent Events: one HTTP response per subscription (distinct connections). */
export interface SseConfig {
  /** Open streams per authenticated principal (per instance). */
  maxStreamsPerPrincipal: number;
  /** Open streams per source address (per instance). */
  maxStreamsPerAddress: number;
}

export interface HttpServerConfig {
  /**
   * Browser origins, besides the gateway's own (PUBLIC_URL and the loopback origins of its port),
   * allowed to open WebSockets and read HTTP answers (CORS).
   */
  allowedOrigins: string[];
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer. */
  keepAliveTimeoutMs: number;
  /** Webhook posts with a wrong Authorization per source address per minute (token bucket). */
  webhookAuthFailuresPerMinute: number;
}

export interface ApiKeyEntry {
  principal: string;
  /** SHA-256 of the key; the key itself is never in config. */
  sha256: Buffer;
  admin: boolean;
}

export interface ClientAuthConfig {
  apiKeys: ApiKeyEntry[];
  jwtHs256Secret: string | undefined;
  /** The JSON Web Key Set (public keys) for RS256/ES256/EdDSA tokens, read from `JWT_JWKS_FILE`. */
  jwtJwks: JSONWebKeySet | undefined;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** Longest accepted token lifetime (`exp` − `iat`, and `exp` − now). */
  jwtMaxAgeSeconds: number;
  /** Tolerated clock difference with the token issuer, for `exp`, `nbf` and `iat`. */
  jwtClockSkewSeconds: number;
  /** No client authentication: every caller is the local admin (embedded mode on loopback only). */
  open: boolean;
}

export interface OperationLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Copies of one field (same response key) in one selection set, fragments included. */
  maxDuplicateFields: number;
  /** Nesting of the `variables` object, checked before anything walks it. */
  maxVariablesDepth: number;
  /** Size of the `variables` object as JSON text. */
  maxVariablesBytes: number;
  /** Operations per principal per minute, over HTTP and WebSocket together (per instance). */
  ratePerMinute: number;
}

/** Where the system of record lives: PostgreSQL, or PGlite in process (in memory, or a directory). */
export type DatabaseConfig =
  { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | undefined };

export interface StateConfig {
  database: DatabaseConfig;
  /** How long accepted webhook events stay replayable and resumable. */
  eventRetentionMs: number;
  /** How long a createLink idempotency key answers with its link. */
  idempotencyKeyTtlMs: number;
  pruneIntervalMs: number;
}

/**
 * OpenTelemetry: on when an OTLP endpoint or a traces exporter is set in the standard `OTEL_*`
 * variables, off otherwise. The SDK reads the other `OTEL_*` variables itself (protocol, headers,
 * sampler, resource attributes), as every OpenTelemetry SDK does.
 */
export interface TelemetryConfig {
  enabled: boolean;
  /** Where traces go, for the banner: the endpoint, or the exporter's name. */
  destination: string | undefined;
  serviceName: string;
}

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Public origin used in startup output and the embedded simulator's webhook URL. */
  publicUrl: string | undefined;
  belvo: BelvoConfig;
  /**
   * Accepted `Authorization` values for Belvo's webhooks; two allow rotation. Embedded mode makes
   * up a random one for its simulator; empty (real mode without it) leaves the route unchecked.
   */
  webhookAuthorizations: string[];
  http: HttpServerConfig;
  ws: WebSocketConfig;
  sse: SseConfig;
  clientAuth: ClientAuthConfig;
  limits: OperationLimits;
  /** Hide "Did you mean …?" in validation errors, so the schema cannot be mapped by guessing. */
  hideSuggestions: boolean;
  /** AES-256-GCM key for values stored in Redis; required with REDIS_URL in real mode. */
  cacheEncryptionKey: Buffer | undefined;
  /** How long past their TTL cached reads may still be served, flagged stale, while Belvo is down. */
  cacheStaleTtlMs: number;
  /** Lifetime of whole reusable query answers; never longer than cacheTtlMs, 0 turns it off. */
  responseCacheTtlMs: number;
  redisUrl: string | undefined;
  state: StateConfig;
  cacheTtlMs: number;
  bodyLimitBytes: number;
  introspection: boolean;
  /** Serve GraphiQL to browsers opening /graphql. */
  explorer: boolean;
  stackTraces: boolean;
  logLevel: string;
  /** `pretty` (human-readable, pino-pretty) or `json` (one object a line, for collectors). */
  logFormat: 'pretty' | 'json';
  /** A dependency failing over and over is logged once, then summarised this often. */
  logRepeatSummaryMs: number;
  telemetry: TelemetryConfig;
  sandbox: SandboxConfig;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads `.env` (or the file `ENV_FILE` names) into the environment, if it exists. Variables set
 * in the real environment win, so a process manager's settings are never overridden by a file
 * left behind. A missing default file is normal (containers pass variables directly), unlike
 * Node's `--env-file`, which refuses to start without it; a missing named file is an error.
 * Answers the file read, if any.
 */
export function loadEnvFile(env: Env = process.env, cwd = process.cwd()): string | undefined {
  const named = env.ENV_FILE?.trim();
  const path = named || `${cwd}/.env`;
  if (!existsSync(path)) {
    if (named) throw new ConfigError('ENV_FILE', `names a file that does not exist: ${named}`);
    return undefined;
  }
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError(
      named ? 'ENV_FILE' : '.env',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return path;
}

/** Random per process: the embedded simulator's keys never leave the process. */
const embeddedSecret = () => `embedded-${randomBytes(12).toString('base64url')}`;

const logFormat = (raw: 'auto' | 'pretty' | 'json', terminal: boolean) =>
  raw === 'auto' ? (terminal ? 'pretty' : 'json') : raw;

export function loadConfig(env: Env = process.env, stdoutIsTerminal = process.stdout.isTTY === true): Config {
  const read = reader(env);
  const secretId = read.string('BELVO_SECRET_ID');
  const secretPassword = read.string('BELVO_SECRET_PASSWORD');
  const baseUrl = read.url('BELVO_BASE_URL');
  const realKeys = [secretId, secretPassword, baseUrl].filter((value) => value !== undefined).length;
  if (realKeys > 0 && realKeys < 3) {
    const missing = !secretId
      ? 'BELVO_SECRET_ID'
      : !secretPassword
        ? 'BELVO_SECRET_PASSWORD'
        : 'BELVO_BASE_URL';
    throw new ConfigError(
      missing,
      'is required when any of BELVO_SECRET_ID, BELVO_SECRET_PASSWORD, BELVO_BASE_URL is set',
    );
  }
  const mode: Mode = realKeys === 3 ? 'real' : 'embedded';
  const production = env.NODE_ENV === 'production';
  const host = read.string('HOST') ?? '127.0.0.1';
  const redisUrl = read.url('REDIS_URL');
  const cacheTtlMs = read.int('CACHE_TTL_MS', 5 * 60_000, 0, 24 * 60 * 60_000);

  return {
    mode,
    host,
    port: read.int('PORT', 4000, 0, 65535),
    publicUrl: read.url('PUBLIC_URL'),
    belvo: {
      // In embedded mode the base URL is the simulator's, known once it listens.
      baseUrl: baseUrl ?? '',
      secretId: secretId ?? embeddedSecret(),
      secretPassword: secretPassword ?? embeddedSecret(),
      timeoutMs: read.int('BELVO_TIMEOUT_MS', 10_000, 100, 120_000),
      maxRetries: read.int('BELVO_MAX_RETRIES', 3, 0, 10),
      retryBaseMs: read.int('BELVO_RETRY_BASE_MS', 250, 1, 60_000),
      maxResponseBytes: read.int('BELVO_MAX_RESPONSE_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
      connections: read.int('BELVO_CONNECTIONS', 10, 1, 256),
      pageSize: read.int('BELVO_PAGE_SIZE', 1000, 1, 1000),
      circuitFailures: read.int('BELVO_CIRCUIT_FAILURES', 5, 1, 1_000),
      circuitCooldownMs: read.int('BELVO_CIRCUIT_COOLDOWN_MS', 10_000, 100, 10 * 60_000),
      budget: {
        requests: read.int('BELVO_BUDGET_REQUESTS', 80, 1, 1_000_000),
        windowMs: read.int('BELVO_BUDGET_WINDOW_MS', 30_000, 1, 60 * 60_000),
        deletes: read.int('BELVO_BUDGET_DELETES', 5, 1, 1_000_000),
        deleteWindowMs: read.int('BELVO_BUDGET_DELETE_WINDOW_MS', 60_000, 1, 60 * 60_000),
        queueMax: read.int('BELVO_BUDGET_QUEUE_MAX', 1_000, 0, 1_000_000),
        pauseMs: read.int('BELVO_BUDGET_PAUSE_MS', 5_000, 0, 60 * 60_000),
      },
    },
    webhookAuthorizations: webhookAuthorizations(read, mode),
    http: httpServer(read),
    ws: {
      connectionInitTimeoutMs: read.int('WS_INIT_TIMEOUT_MS', 10_000, 100, 120_000),
      // Short: a socket that subscribes to nothing only holds memory and a file descriptor.
      idleTimeoutMs: read.int('WS_IDLE_TIMEOUT_MS', 30_000, 100, 24 * 60 * 60_000),
      keepAliveMs: read.int('WS_KEEPALIVE_MS', 12_000, 100, 10 * 60_000),
      maxSubscriptionsPerSocket: read.int('WS_MAX_SUBSCRIPTIONS', 25, 1, 1_000),
      maxMessageBytes: read.int('WS_MAX_MESSAGE_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
      maxSocketsPerPrincipal: read.int('WS_MAX_SOCKETS_PER_PRINCIPAL', 30, 1, 1_000_000),
      maxSocketsPerAddress: read.int('WS_MAX_SOCKETS_PER_ADDRESS', 60, 1, 1_000_000),
      maxUnauthenticatedPerAddress: read.int('WS_MAX_UNAUTHENTICATED_PER_ADDRESS', 10, 1, 1_000_000),
    },
    sse: {
      // Each SSE subscription holds its own response, where a WebSocket carries many: the caps are
      // those of a WebSocket client's subscriptions, not of its sockets.
      maxStreamsPerPrincipal: read.int('SSE_MAX_STREAMS_PER_PRINCIPAL', 100, 1, 1_000_000),
      maxStreamsPerAddress: read.int('SSE_MAX_STREAMS_PER_ADDRESS', 200, 1, 1_000_000),
    },
    redisUrl,
    state: {
      database: database(read, mode),
      eventRetentionMs: read.int('EVENT_RETENTION_DAYS', 30, 1, 3650) * DAY_MS,
      idempotencyKeyTtlMs: read.int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 24, 24 * 365) * HOUR_MS,
      pruneIntervalMs: read.int('PRUNE_INTERVAL_MS', HOUR_MS, 1_000, DAY_MS),
    },
    clientAuth: clientAuth(read, mode, host),
    limits: {
      maxTokens: read.int('GRAPHQL_MAX_TOKENS', 2_000, 50, 100_000),
      maxDepth: read.int('GRAPHQL_MAX_DEPTH', 8, 2, 100),
      maxAliases: read.int('GRAPHQL_MAX_ALIASES', 10, 0, 1_000),
      maxDirectives: read.int('GRAPHQL_MAX_DIRECTIVES', 10, 0, 1_000),
      maxCost: read.int('GRAPHQL_MAX_COST', 5_000, 10, 1_000_000),
      maxDuplicateFields: read.int('GRAPHQL_MAX_DUPLICATE_FIELDS', 5, 1, 1_000),
      maxVariablesDepth: read.int('GRAPHQL_MAX_VARIABLES_DEPTH', 10, 2, 1_000),
      maxVariablesBytes: read.int('GRAPHQL_MAX_VARIABLES_BYTES', 16 * 1024, 64, 10 * 1024 * 1024),
      ratePerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    },
    hideSuggestions: read.bool('GRAPHQL_HIDE_SUGGESTIONS', production),
    cacheEncryptionKey: cacheEncryptionKey(read, mode, redisUrl),
    cacheStaleTtlMs: read.int('CACHE_STALE_TTL_MS', 60 * 60_000, 0, 24 * 60 * 60_000),
    responseCacheTtlMs: Math.min(cacheTtlMs, read.int('RESPONSE_CACHE_TTL_MS', 30_000, 0, 24 * 60 * 60_000)),
    cacheTtlMs,
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    introspection: read.bool('GRAPHQL_INTROSPECTION', !production),
    explorer: read.bool('GRAPHQL_EXPLORER', !production),
    stackTraces: read.bool('GRAPHQL_STACK_TRACES', false),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    // auto: readable in a terminal, JSON when piped to a file or a log collector.
    logFormat: logFormat(read.oneOf('LOG_FORMAT', ['auto', 'pretty', 'json'], 'auto'), stdoutIsTerminal),
    logRepeatSummaryMs: read.int('LOG_REPEAT_SUMMARY_MS', 60_000, 100, 24 * 60 * 60_000),
    telemetry: telemetry(read),
    sandbox: {
      extractionDelayMs: read.int('SANDBOX_EXTRACTION_DELAY_MS', 15_000, 0, 600_000),
      recurrentIntervalMs: read.int('SANDBOX_RECURRENT_INTERVAL_MS', 120_000, 0, 7 * 24 * 60 * 60_000),
      latencyMs: read.int('SANDBOX_LATENCY_MS', 0, 0, 60_000),
      webhookRetryDelayMs: read.int('SANDBOX_WEBHOOK_RETRY_DELAY_MS', 2_000, 0, 600_000),
      rateLimitRequests: read.int('SANDBOX_RATE_LIMIT_REQUESTS', 80, 0, 1_000_000),
      rateLimitWindowMs: read.int('SANDBOX_RATE_LIMIT_WINDOW_MS', 30_000, 1, 60 * 60_000),
      deleteLimit: read.int('SANDBOX_DELETE_LIMIT', 5, 0, 1_000_000),
      deleteLimitWindowMs: read.int('SANDBOX_DELETE_LIMIT_WINDOW_MS', 60_000, 1, 60 * 60_000),
      requestLogMax: read.int('SANDBOX_REQUEST_LOG_MAX', 10_000, 1, 10_000_000),
    },
  };
}

function telemetry(read: ReturnType<typeof reader>): TelemetryConfig {
  const endpoint = read.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? read.url('OTEL_EXPORTER_OTLP_ENDPOINT');
  const exporter = read.string('OTEL_TRACES_EXPORTER');
  const disabled = read.bool('OTEL_SDK_DISABLED', false) || exporter === 'none';
  const destination = endpoint ?? exporter;
  return {
    enabled: !disabled && destination !== undefined,
    destination,
    serviceName: read.string('OTEL_SERVICE_NAME') ?? 'belvo-employments-gateway',
  };
}

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * `DATABASE_URL`: `postgres://…` (real deployments, many instances), `pglite:<directory>` (one
 * process, kept across restarts), `pglite:memory` (lost on exit). Unset: `pglite:memory` in
 * embedded mode; required in real mode, where losing link ownership would lock tenants out.
 */
function database(read: ReturnType<typeof reader>, mode: Mode): DatabaseConfig {
  const raw = read.string('DATABASE_URL') ?? (mode === 'embedded' ? 'pglite:memory' : undefined);
  if (raw === undefined) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required in real mode (postgres://… or pglite:<directory>): on in-memory state a restart would lock every tenant out of its links',
    );
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: raw, poolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200) };
  }
  const pglite = /^pglite:(.+)$/.exec(raw);
  if (!pglite) {
    throw new ConfigError('DATABASE_URL', 'must be postgres://…, pglite:<directory> or pglite:memory');
  }
  const dataDir = pglite[1] === 'memory' ? undefined : pglite[1];
  if (!dataDir && mode === 'real') {
    throw new ConfigError(
      'DATABASE_URL',
      'is pglite:memory in real mode: a restart would lock every tenant out of its links; use postgres://… or pglite:<directory>',
    );
  }
  return { kind: 'pglite', dataDir };
}

function webhookAuthorizations(read: ReturnType<typeof reader>, mode: Mode): string[] {
  const values: string[] = [];
  for (const name of ['WEBHOOK_AUTHORIZATION', 'WEBHOOK_AUTHORIZATION_PREVIOUS']) {
    const value = read.string(name);
    if (value === undefined) continue;
    if (!/^(Bearer|Basic) \S+$/.test(value)) {
      throw new ConfigError(name, 'must look like "Bearer <token>" or "Basic <base64>"');
    }
    values.push(value);
  }
  // The embedded simulator is told this value, so its webhooks are checked like Belvo's.
  if (values.length === 0 && mode === 'embedded') return [`Bearer ${randomBytes(24).toString('base64url')}`];
  return values;
}

function httpServer(read: ReturnType<typeof reader>): HttpServerConfig {
  const headersTimeoutMs = read.int('HTTP_HEADERS_TIMEOUT_MS', 5_000, 100, 120_000);
  const requestTimeoutMs = read.int('HTTP_REQUEST_TIMEOUT_MS', 10_000, 100, 10 * 60_000);
  // Node refuses a headers timeout longer than the whole request's.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  return {
    allowedOrigins: allowedOrigins(read),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: read.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 10 * 60_000),
    webhookAuthFailuresPerMinute: read.int('WEBHOOK_AUTH_FAILURES_PER_MINUTE', 10, 1, 1_000_000),
  };
}

/** `ALLOWED_ORIGINS`: comma-separated `scheme://host[:port]`; a wildcard would undo the check. */
function allowedOrigins(read: ReturnType<typeof reader>): string[] {
  return (read.string('ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {
        url = undefined;
      }
      const onlyOrigin = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
      if (!url || !onlyOrigin || !['http:', 'https:'].includes(url.protocol)) {
        throw new ConfigError(
          'ALLOWED_ORIGINS',
          `entries must be origins like https://app.example.com, got "${entry}"`,
        );
      }
      return url.origin;
    });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `CLIENT_API_KEYS`: comma-separated `principal:sha256hex[:admin]` (hash a key with
 * `printf %s "$KEY" | sha256sum`). JWTs: `JWT_HS256_SECRET` and/or `JWT_JWKS_FILE`.
 */
function clientAuth(read: ReturnType<typeof reader>, mode: Mode, host: string): ClientAuthConfig {
  const apiKeys = (read.string('CLIENT_API_KEYS') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [principal, hash, scope, ...rest] = entry.split(':');
      if (!principal || !/^[A-Za-z0-9_.-]{1,64}$/.test(principal) || !hash || !/^[0-9a-f]{64}$/i.test(hash)) {
        throw new ConfigError('CLIENT_API_KEYS', 'entries must be principal:sha256-hex[:admin]');
      }
      if (rest.length > 0 || (scope !== undefined && scope !== 'admin')) {
        throw new ConfigError('CLIENT_API_KEYS', `has an unknown scope in the entry for "${principal}"`);
      }
      return { principal, sha256: Buffer.from(hash, 'hex'), admin: scope === 'admin' };
    });
  const jwtHs256Secret = read.string('JWT_HS256_SECRET');
  if (jwtHs256Secret !== undefined && jwtHs256Secret.length < 32) {
    throw new ConfigError('JWT_HS256_SECRET', 'must be at least 32 characters');
  }
  const jwksFile = read.string('JWT_JWKS_FILE');
  const jwtJwks = jwksFile === undefined ? undefined : readJwks(jwksFile);
  const open = apiKeys.length === 0 && !jwtHs256Secret && !jwtJwks;
  if (open && mode === 'real') {
    throw new ConfigError(
      'CLIENT_API_KEYS',
      'or JWT_HS256_SECRET / JWT_JWKS_FILE is required in real mode: the gateway serves personal data',
    );
  }
  if (open && !LOOPBACK.has(host)) {
    throw new ConfigError(
      'HOST',
      `is ${host}: without client authentication the gateway only listens on loopback`,
    );
  }
  return {
    apiKeys,
    jwtHs256Secret,
    jwtJwks,
    jwtIssuer: read.string('JWT_ISSUER'),
    jwtAudience: read.string('JWT_AUDIENCE'),
    jwtMaxAgeSeconds: read.int('JWT_MAX_AGE_SECONDS', 24 * 60 * 60, 1, 30 * 24 * 60 * 60),
    jwtClockSkewSeconds: read.int('JWT_CLOCK_SKEW_SECONDS', 30, 0, 300),
    open,
  };
}

/** Read once at start, so a missing or malformed file stops the process with its name, not later. */
function readJwks(path: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'JWT_JWKS_FILE',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`,
    );
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    throw new ConfigError('JWT_JWKS_FILE', `is not JSON: ${path}`);
  }
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    !keys.every((key) => typeof key === 'object' && key !== null)
  ) {
    throw new ConfigError('JWT_JWKS_FILE', `must hold a JSON Web Key Set ({ "keys": [ … ] }): ${path}`);
  }
  return jwks as JSONWebKeySet;
}

function cacheEncryptionKey(read: ReturnType<typeof reader>, mode: Mode, redisUrl: string | undefined) {
  const raw = read.string('CACHE_ENCRYPTION_KEY');
  if (raw === undefined) {
    if (redisUrl && mode === 'real') {
      throw new ConfigError(
        'CACHE_ENCRYPTION_KEY',
        'is required with REDIS_URL: cached personal data is encrypted',
      );
    }
    // Embedded mode: one process's own key (Redis then holds nothing another process can read).
    return redisUrl ? randomBytes(32) : undefined;
  }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new ConfigError('CACHE_ENCRYPTION_KEY', 'must be 32 bytes, as 64 hex digits or base64');
  return key;
}

function reader(env: Env) {
  const string = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    string,
    int(name: string, fallback: number, min: number, max: number): number {
      const raw = string(name);
      if (raw === undefined) return fallback;
      if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
      const value = Number(raw);
      if (value < min || value > max)
        throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
      return value;
    },
    bool(name: string, fallback: boolean): boolean {
      const raw = string(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new ConfigError(name, `must be true or false, got "${raw}"`);
    },
    url(name: string): string | undefined {
      const raw = string(name);
      if (raw === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new ConfigError(name, 'must be an absolute URL');
      }
      if (!['http:', 'https:', 'redis:', 'rediss:'].includes(url.protocol)) {
        throw new ConfigError(name, `has an unsupported scheme "${url.protocol}"`);
      }
      return raw.replace(/\/+$/, '');
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const raw = string(name);
      if (raw === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(raw)) {
        throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
      }
      return raw as T;
    },
  };
}
