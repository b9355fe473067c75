import { SpanKind } from '@opentelemetry/api';
import { Pool, errors as undiciErrors } from 'undici';
import type { BelvoConfig } from '../config.js';
import { inSpan } from '../observability/spans.js';
import { endpointOf } from './contract/endpoints.js';
import type { CallKind, Priority, Token, UpstreamBudget } from './budget.js';
import {
  CircuitBreakers,
  endpointClassOf,
  type CircuitState,
  type EndpointClass,
} from './circuit-breaker.js';
import { BelvoError, BelvoErrorCode, errorFromResponse, isRetryable } from './errors.js';
import { backoffDelayMs, parseRetryAfterMs, sleep } from './retry.js';

/** The client's settings come from the config (`BelvoConfig`); the hooks and budget from the app. */
export interface BelvoHttpOptions
  extends
    Pick<
      BelvoConfig,
      | 'baseUrl'
      | 'secretId'
      | 'secretPassword'
      | 'timeoutMs'
      | 'maxRetries'
      | 'retryBaseMs'
      | 'maxResponseBytes'
      | 'connections'
    >,
    /** Failed exchanges in a row that open an endpoint class's circuit (default 5), and how long it stays open (default 10 s). */
    Partial<Pick<BelvoConfig, 'circuitFailures' | 'circuitCooldownMs'>> {
  /** Called once per HTTP exchange (each retry counts), for metrics. */
  onExchange?: (exchange: Exchange) => void;
  onCircuitChange?: (endpointClass: EndpointClass, state: CircuitState) => void;
  /** Belvo's rate limit, kept on our side; without one every exchange is sent at once. */
  budget?: UpstreamBudget;
  /** How long a 429 without a Retry-After pauses every caller (default 5 s). */
  rateLimitPauseMs?: number;
  random?: () => number;
  /** How the client waits between attempts; tests pass one that records the delays instead. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Exchange {
  method: string;
  endpoint: string;
  status: number | 'error';
  durationMs: number;
}

export type BelvoRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path like `/api/links/?page=2`, or an absolute URL that must be on the configured origin. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether failures may be retried; callers pass false for non-idempotent calls. */
  retry: boolean;
} & CallOptions;

/** Who waits on a call (see Priority), and a budget token already taken for it (the read scheduler's). */
export interface CallOptions {
  priority?: Priority;
  token?: Token;
}

export interface BelvoResponse<T> {
  status: number;
  body: T;
}

/**
 * The only module that touches undici. One keep-alive pool per origin; every call has one
 * deadline covering all its retries; undici refuses bodies over the size cap.
 */
export class BelvoHttp {
  readonly origin: string;
  private readonly base: URL;
  private readonly pool: Pool;
  private readonly authorization: string;
  readonly circuits: CircuitBreakers;

  constructor(private readonly options: BelvoHttpOptions) {
    this.base = new URL(options.baseUrl);
    this.origin = this.base.origin;
    this.authorization = `Basic ${Buffer.from(`${options.secretId}:${options.secretPassword}`).toString('base64')}`;
    this.pool = new Pool(this.origin, {
      connections: options.connections,
      // The per-call deadline is the real bound; these stop a stuck socket outliving it.
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
      // undici stops reading (and drops the connection) the moment a body passes the cap.
      maxResponseSize: options.maxResponseBytes,
    });
    this.circuits = new CircuitBreakers(
      options.circuitFailures ?? 5,
      options.circuitCooldownMs ?? 10_000,
      options.onCircuitChange,
    );
  }

  /** The budget every call of this client keeps to (the read scheduler takes its tokens from it). */
  get budget(): UpstreamBudget | undefined {
    return this.options.budget;
  }

  /** Resolves a path or absolute URL, refusing any origin but the configured one. */
  resolve(url: string): URL {
    const resolved = new URL(url, this.base);
    if (resolved.origin !== this.origin) {
      throw new BelvoError(
        BelvoErrorCode.BELVO_FOREIGN_ORIGIN,
        'Refused to follow a URL outside the configured Belvo origin',
        {},
      );
    }
    return resolved;
  }

  /** One call, traced as one span (retries included; undici's instrumentation adds one per attempt). */
  request<T>(request: BelvoRequest): Promise<BelvoResponse<T>> {
    const endpoint = this.endpointFor(request.url);
    return inSpan(
      `belvo ${request.method} ${endpoint}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'http.request.method': request.method, 'url.template': endpoint },
      },
      () => this.budgetedRequest<T>(request),
    );
  }

  /** The endpoint with ids replaced, for span names; never the query (it may filter by anything). */
  private endpointFor(url: string): string {
    try {
      return endpointOf(this.resolve(url).pathname);
    } catch {
      return 'foreign origin';
    }
  }

  /**
   * One call: a budget token, then the circuit of its endpoint class, then retries under one
   * deadline (each retry takes its own token). The first token is taken outside the circuit, so
   * a refusal by the budget says nothing about Belvo's health.
   */
  private async budgetedRequest<T>(request: BelvoRequest): Promise<BelvoResponse<T>> {
    const url = this.resolve(request.url);
    const deadline = Date.now() + this.options.timeoutMs;
    const kind: CallKind =
      request.method === 'DELETE' && request.headers?.['x-belvo-request-mode'] !== 'async'
        ? 'delete'
        : 'request';
    const priority = request.priority ?? 'interactive';
    const first = request.token ?? (await this.token(kind, deadline, priority));
    let started = false;
    try {
      return await this.circuits.run(endpointClassOf(url.pathname), () => {
        started = true;
        return this.withRetries<T>(request, url, deadline, kind, priority, first);
      });
    } finally {
      if (!started) first?.cancel(); // the circuit is open: nothing was sent
    }
  }

  private token(kind: CallKind, deadline: number, priority: Priority): Promise<Token | undefined> {
    // A token granted at the very deadline would buy a call with no time left to answer.
    const reserveMs = Math.min(2_000, this.options.timeoutMs / 4);
    return (
      this.options.budget?.acquire(kind, deadline - reserveMs, deadline, { priority }) ??
      Promise.resolve(undefined)
    );
  }

  private async withRetries<T>(
    request: BelvoRequest,
    url: URL,
    deadline: number,
    kind: CallKind,
    priority: Priority,
    first: Token | undefined,
  ): Promise<BelvoResponse<T>> {
    const budget = this.options.budget;
    let token = first;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.exchange<T>(request, url, deadline);
        } catch (error) {
          let failure = error instanceof BelvoError ? error : transportError(error);
          // Belvo may block the IP of a client that keeps going: every caller waits, not just this one.
          const rateLimited = failure.code === BelvoErrorCode.BELVO_API_ERROR && failure.status === 429;
          if (rateLimited && budget) {
            const pauseMs = failure.retryAfterMs ?? this.options.rateLimitPauseMs ?? 5_000;
            await budget.pause(pauseMs).catch(() => {});
            // Without a Retry-After the pause is the gateway's own: the caller is told it too.
            failure = withRetryAfter(failure, pauseMs);
          }
          if (!request.retry || attempt >= this.options.maxRetries || !isRetryable(failure)) throw failure;
          // With a budget, the wait after a 429 happens in its queue (and fails there past the deadline).
          const delay =
            rateLimited && budget
              ? 0
              : (failure.retryAfterMs ??
                backoffDelayMs(attempt, this.options.retryBaseMs, this.options.random));
          if (Date.now() + delay >= deadline) throw failure;
          if (delay > 0) await (this.options.sleep ?? sleep)(delay);
          token?.finish();
          token = undefined;
          // No token for a retry in time: the call fails as its last attempt did (a 429 stays a 429).
          token = await this.token(kind, deadline, priority).catch(() => {
            throw failure;
          });
        }
      }
    } finally {
      token?.finish();
    }
  }

  private async exchange<T>(request: BelvoRequest, url: URL, deadline: number): Promise<BelvoResponse<T>> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeoutError();
    const started = performance.now();
    const endpoint = endpointOf(url.pathname);
    let status: number | 'error' = 'error';
    try {
      const response = await this.pool.request({
        method: request.method,
        path: url.pathname + url.search,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(remaining),
      });
      status = response.statusCode;
      const text = await response.body.text();
      const body = parseBody(text, response.headers['content-type'], response.statusCode);
      if (response.statusCode >= 400) {
        throw errorFromResponse(
          response.statusCode,
          body,
          parseRetryAfterMs(response.headers['retry-after']),
        );
      }
      return { status: response.statusCode, body: body as T };
    } catch (error) {
      if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
        throw new BelvoError(
          BelvoErrorCode.BELVO_RESPONSE_TOO_LARGE,
          `Belvo response exceeded ${this.options.maxResponseBytes} bytes`,
          {},
        );
      }
      throw error instanceof BelvoError ? error : transportError(error);
    } finally {
      this.options.onExchange?.({
        method: request.method,
        endpoint,
        status,
        durationMs: performance.now() - started,
      });
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function parseBody(text: string, contentType: string | string[] | undefined, status: number): unknown {
  if (text === '') return undefined;
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  const isJson = type?.toLowerCase().includes('json') ?? false;
  try {
    if (isJson) return JSON.parse(text);
  } catch {
    // fall through: an error status keeps its meaning even when its body is garbage
  }
  if (status >= 400) return undefined;
  throw new BelvoError(
    BelvoErrorCode.BELVO_INVALID_RESPONSE,
    `Belvo answered HTTP ${status} with a body that is not JSON`,
    {
      status,
    },
  );
}

/** The same error, saying when to come back (BelvoError's fields are read-only). */
function withRetryAfter(error: BelvoError, retryAfterMs: number): BelvoError {
  if (error.retryAfterMs !== undefined) return error;
  return new BelvoError(error.code, error.message, {
    status: error.status,
    belvoCode: error.belvoCode,
    field: error.field,
    requestId: error.requestId,
    retryAfterMs,
    cause: error.cause,
  });
}

const timeoutError = (cause?: unknown) =>
  new BelvoError(BelvoErrorCode.BELVO_TIMEOUT, 'Belvo did not answer within the deadline', { cause });

function transportError(error: unknown): BelvoError {
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return timeoutError(error);
  }
  return new BelvoError(BelvoErrorCode.BELVO_NETWORK_ERROR, 'Could not reach Belvo', { cause: error });
}
