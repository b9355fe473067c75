/**
 * The one place that reads the environment. Everything else receives a validated `Config`.
 * Embedded mode (no Belvo keys) needs no variables at all.
 */

import { randomBytes } from 'node:crypto';

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
}

export interface SandboxConfig {
  extractionDelayMs: number;
  recurrentIntervalMs: number;
  latencyMs: number;
  webhookRetryDelayMs: number;
}

export interface WebSocketConfig {
  connectionInitTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveMs: number;
  maxSubscriptionsPerSocket: number;
  maxMessageBytes: number;
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
  ws: WebSocketConfig;
  redisUrl: string | undefined;
  cacheTtlMs: number;
  bodyLimitBytes: number;
  introspection: boolean;
  /** Serve GraphiQL to browsers opening /graphql. */
  explorer: boolean;
  stackTraces: boolean;
  logLevel: string;
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

/** Random per process: the embedded simulator's keys never leave the process. */
const embeddedSecret = () => `embedded-${randomBytes(12).toString('base64url')}`;

export function loadConfig(env: Env = process.env): Config {
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

  return {
    mode,
    host: read.string('HOST') ?? '127.0.0.1',
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
    },
    webhookAuthorizations: webhookAuthorizations(read, mode),
    ws: {
      connectionInitTimeoutMs: read.int('WS_INIT_TIMEOUT_MS', 10_000, 100, 120_000),
      idleTimeoutMs: read.int('WS_IDLE_TIMEOUT_MS', 5 * 60_000, 100, 24 * 60 * 60_000),
      keepAliveMs: read.int('WS_KEEPALIVE_MS', 12_000, 100, 10 * 60_000),
      maxSubscriptionsPerSocket: read.int('WS_MAX_SUBSCRIPTIONS', 25, 1, 1_000),
      maxMessageBytes: read.int('WS_MAX_MESSAGE_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    },
    redisUrl: read.url('REDIS_URL'),
    cacheTtlMs: read.int('CACHE_TTL_MS', 5 * 60_000, 0, 24 * 60 * 60_000),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    introspection: read.bool('GRAPHQL_INTROSPECTION', !production),
    explorer: read.bool('GRAPHQL_EXPLORER', !production),
    stackTraces: read.bool('GRAPHQL_STACK_TRACES', false),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    sandbox: {
      extractionDelayMs: read.int('SANDBOX_EXTRACTION_DELAY_MS', 15_000, 0, 600_000),
      recurrentIntervalMs: read.int('SANDBOX_RECURRENT_INTERVAL_MS', 120_000, 0, 7 * 24 * 60 * 60_000),
      latencyMs: read.int('SANDBOX_LATENCY_MS', 0, 0, 60_000),
      webhookRetryDelayMs: read.int('SANDBOX_WEBHOOK_RETRY_DELAY_MS', 2_000, 0, 600_000),
    },
  };
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
