import { belvoName, belvoRequestId } from './contract/identifiers.js';
import { errorArraySchema } from './contract/schemas.js';

/**
 * Stable codes for everything that can go wrong talking to Belvo. `BELVO_API_ERROR` means Belvo
 * answered with its error array; the others are transport or body failures on our side. The
 * GraphQL layer maps them to its own codes (errors/graphql-errors.ts).
 */
export const BelvoErrorCode = {
  BELVO_API_ERROR: 'BELVO_API_ERROR',
  BELVO_NETWORK_ERROR: 'BELVO_NETWORK_ERROR',
  BELVO_TIMEOUT: 'BELVO_TIMEOUT',
  BELVO_RESPONSE_TOO_LARGE: 'BELVO_RESPONSE_TOO_LARGE',
  BELVO_INVALID_RESPONSE: 'BELVO_INVALID_RESPONSE',
  BELVO_FOREIGN_ORIGIN: 'BELVO_FOREIGN_ORIGIN',
  /** The circuit breaker is open: Belvo failed repeatedly and is not being called right now. */
  BELVO_CIRCUIT_OPEN: 'BELVO_CIRCUIT_OPEN',
  /** The gateway's share of Belvo's rate limit is spent (see budget.ts); nothing was sent. */
  BELVO_BUDGET_EXHAUSTED: 'BELVO_BUDGET_EXHAUSTED',
} as const;

export type BelvoErrorCode = (typeof BelvoErrorCode)[keyof typeof BelvoErrorCode];

export interface BelvoErrorDetails {
  status?: number;
  /** Belvo's own code, e.g. `login_error`, `not_found`, `too_many_sessions`. */
  belvoCode?: string;
  field?: string;
  /** Belvo's `request_id` (32 hex digits or a UUID), for support tickets. */
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class BelvoError extends Error {
  readonly status: number | undefined;
  readonly belvoCode: string | undefined;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: BelvoErrorCode,
    message: string,
    details: BelvoErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'BelvoError';
    this.status = details.status;
    this.belvoCode = details.belvoCode;
    this.field = details.field;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A list item that failed its schema. It takes the item's place in the list, so the GraphQL layer
 * fails that item's path alone; it carries the item's ids (when readable) and nothing else.
 */
export class InvalidItemError extends BelvoError {
  constructor(
    endpoint: string,
    readonly itemId: string | undefined,
    readonly linkId: string | undefined,
  ) {
    super(BelvoErrorCode.BELVO_INVALID_RESPONSE, `Belvo sent an item of ${endpoint} of an unexpected shape`);
    this.name = 'InvalidItemError';
  }
}

/**
 * Turns Belvo's error array (or whatever came instead) into one typed error. Belvo's `message` is
 * dropped here, at the boundary: it may echo what was sent (a cédula), and an error message travels
 * to logs and clients. The code, field and request id say everything the gateway needs, and each is
 * kept only when it has the contract's shape (contract/identifiers.ts). Whatever else Belvo (or
 * something posing as it) puts in those slots is dropped, never quoted: a `request_id` such as
 * `req-1020304050` is not Belvo's, and the client would see it as `belvoRequestId`.
 */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): BelvoError {
  const parsed = errorArraySchema.safeParse(body);
  const first = parsed.success ? parsed.data[0] : undefined;
  const belvoCode = belvoName(first?.code) ?? (status === 429 ? 'too_many_requests' : undefined);
  const field = belvoName(first?.field) ?? undefined;
  return new BelvoError(
    BelvoErrorCode.BELVO_API_ERROR,
    `Belvo answered HTTP ${status}${belvoCode ? ` ${belvoCode}` : ''}${field ? ` on ${field}` : ''}`,
    {
      status,
      belvoCode,
      field,
      requestId: belvoRequestId(first?.request_id) ?? undefined,
      retryAfterMs,
    },
  );
}

/** The gateway's share of Belvo's rate limit is spent (budget.ts): nothing was sent. */
export const budgetExhausted = (retryAfterMs: number) =>
  new BelvoError(
    BelvoErrorCode.BELVO_BUDGET_EXHAUSTED,
    "The gateway's share of Belvo's rate limit is spent for now; try again later",
    { retryAfterMs: Math.max(1_000, Math.ceil(retryAfterMs)) },
  );

export function isRetryable(error: BelvoError): boolean {
  if (error.code === BelvoErrorCode.BELVO_NETWORK_ERROR) return true;
  if (error.code !== BelvoErrorCode.BELVO_API_ERROR || error.status === undefined) return false;
  return (
    error.status >= 500 ||
    error.status === 408 ||
    error.status === 429 ||
    error.belvoCode === 'too_many_sessions'
  );
}

/** Belvo being unwell (down, slow, answering garbage or 5xx) rather than refusing this request. */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof BelvoError)) return false;
  switch (error.code) {
    case BelvoErrorCode.BELVO_NETWORK_ERROR:
    case BelvoErrorCode.BELVO_TIMEOUT:
    case BelvoErrorCode.BELVO_INVALID_RESPONSE:
    case BelvoErrorCode.BELVO_CIRCUIT_OPEN:
      return true;
    case BelvoErrorCode.BELVO_API_ERROR:
      return (error.status ?? 500) >= 500;
    default:
      return false;
  }
}
