import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { BelvoError, BelvoErrorCode } from '../belvo/errors.js';
import { UNAVAILABLE_RETRY_AFTER_MS, unavailableIn, type StateDependency } from '../kit/unavailable.js';
import { redisFailureIn } from '../redis/failures.js';
import { ErrorCode } from './error-codes.js';
import { withoutSuggestions } from './suggestions.js';

/**
 * The one place where failures become GraphQL errors. Every error a client sees has a stable
 * `extensions.code`; Belvo errors also carry Belvo's `request_id` for support tickets; anything
 * unexpected is masked.
 */

export const badUserInput = (field: string, message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });

export const notFound = (what: string) =>
  new GraphQLError(`${what} not found`, { extensions: { code: ErrorCode.NOT_FOUND } });

export const cursorExpired = () =>
  new GraphQLError(
    'Events after this cursor are past the event log retention; read the link again, then subscribe without afterCursor (nor Last-Event-ID)',
    { extensions: { code: ErrorCode.CURSOR_EXPIRED, field: 'afterCursor' } },
  );

interface Mapped {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

const BY_BELVO_CODE: Record<string, Mapped> = {
  login_error: {
    code: ErrorCode.BELVO_LOGIN_ERROR,
    message: 'The institution refused the cédula',
    retryable: false,
  },
  too_many_sessions: {
    code: ErrorCode.RATE_LIMITED,
    message: 'A session is already open for this person; try again shortly',
    retryable: true,
  },
  institution_down: {
    code: ErrorCode.INSTITUTION_UNAVAILABLE,
    message: 'The institution is down; try again later',
    retryable: true,
  },
  institution_unavailable: {
    code: ErrorCode.INSTITUTION_UNAVAILABLE,
    message: 'The institution is unavailable; try again later',
    retryable: true,
  },
  institution_inactive: {
    code: ErrorCode.INSTITUTION_UNAVAILABLE,
    message: 'The institution is inactive',
    retryable: false,
  },
  invalid_link: {
    code: ErrorCode.LINK_NOT_USABLE,
    message: 'The link is not usable for this operation',
    retryable: false,
  },
  unconfirmed_link: {
    code: ErrorCode.LINK_NOT_USABLE,
    message: 'The link is not confirmed',
    retryable: false,
  },
  unsupported_operation: {
    code: ErrorCode.LINK_NOT_USABLE,
    message: 'The operation is not supported for this link',
    retryable: false,
  },
  link_refreshed: {
    code: ErrorCode.LINK_RECENTLY_REFRESHED,
    message: 'The link was refreshed in the last 10 minutes',
    retryable: true,
  },
  token_required: {
    code: ErrorCode.TOKEN_REQUIRED,
    message: 'The institution asks for a token',
    retryable: false,
  },
};

const VALIDATION_REASONS: Record<string, string> = {
  required: 'is required',
  null: 'may not be null',
  blank: 'may not be blank',
  invalid: 'is not valid',
  does_not_exist: 'refers to something that does not exist',
  invalid_credentials_storage: 'is not a valid credentials storage for this access mode',
  invalid_fetch_resources: 'names resources this institution does not offer',
  invalid_access_mode_switch: 'cannot switch a link without stored credentials to recurrent',
};

/** The gateway's own words for a Belvo 400: the field Belvo named and a reason per Belvo code. */
function validationMessage(error: BelvoError): string {
  const reason = (error.belvoCode && VALIDATION_REASONS[error.belvoCode]) ?? 'was refused';
  return error.field
    ? `Belvo refused the request: ${error.field} ${reason}`
    : `Belvo refused the request: the input ${reason}`;
}

function mapBelvoError(error: BelvoError): Mapped {
  switch (error.code) {
    case BelvoErrorCode.BELVO_TIMEOUT:
      return { code: ErrorCode.UPSTREAM_TIMEOUT, message: 'Belvo did not answer in time', retryable: true };
    case BelvoErrorCode.BELVO_NETWORK_ERROR:
      return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'Belvo is unreachable', retryable: true };
    case BelvoErrorCode.BELVO_CIRCUIT_OPEN:
      return {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        message: 'Belvo is failing; the gateway pauses calls to it for a few seconds',
        retryable: true,
      };
    case BelvoErrorCode.BELVO_BUDGET_EXHAUSTED:
      return {
        code: ErrorCode.RATE_LIMITED,
        message: "Belvo's rate limit is reached for now; try again after retryAfterSeconds",
        retryable: true,
      };
    case BelvoErrorCode.BELVO_RESPONSE_TOO_LARGE:
    case BelvoErrorCode.BELVO_INVALID_RESPONSE:
    case BelvoErrorCode.BELVO_FOREIGN_ORIGIN:
      return {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        message: 'Belvo sent a response the gateway cannot use',
        retryable: true,
      };
    case BelvoErrorCode.BELVO_API_ERROR:
      break;
  }
  const known = error.belvoCode ? BY_BELVO_CODE[error.belvoCode] : undefined;
  if (known) return known;
  const status = error.status ?? 500;
  if (status === 401 || status === 403) {
    return {
      code: ErrorCode.UPSTREAM_AUTH,
      message: 'The gateway could not authenticate with Belvo',
      retryable: false,
    };
  }
  if (status === 404) return { code: ErrorCode.NOT_FOUND, message: 'Not found', retryable: false };
  if (status === 408)
    return {
      code: ErrorCode.UPSTREAM_TIMEOUT,
      message: 'Belvo timed out; ask for less data',
      retryable: true,
    };
  if (status === 429)
    return {
      code: ErrorCode.RATE_LIMITED,
      message: 'Belvo rate limit reached; try again later',
      retryable: true,
    };
  if (status === 400) {
    // Belvo's own message may echo what was sent (a cédula): the gateway says it in its own words.
    return { code: ErrorCode.BAD_USER_INPUT, message: validationMessage(error), retryable: false };
  }
  return { code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'Belvo failed to answer', retryable: true };
}

/** The gateway's own words: the driver's would name the host and port. */
const UNAVAILABLE_MESSAGES: Record<StateDependency, string> = {
  database: "The gateway's database is unavailable for a moment; retry after retryAfterSeconds",
  redis: "The gateway's shared cache is unavailable for a moment; retry after retryAfterSeconds",
};

const retryAfterSeconds = (ms: number) => Math.ceil(ms / 1000);

export function formatError(
  formatted: GraphQLFormattedError,
  thrown: unknown,
  options: { stackTraces: boolean; hideSuggestions?: boolean; onMasked?: (error: unknown) => void },
): GraphQLFormattedError {
  const original = unwrapResolverError(thrown);
  const stacktrace = options.stackTraces ? formatted.extensions?.stacktrace : undefined;
  const base = { locations: formatted.locations, path: formatted.path };
  // Before anything else: whatever wrapped it, the cause is a dependency that is away for now.
  // No stack trace either: it would carry the driver's text.
  const unavailable = unavailableIn(thrown) ?? redisFailureIn(thrown);
  if (unavailable) {
    return {
      ...base,
      message: UNAVAILABLE_MESSAGES[unavailable.dependency],
      extensions: {
        code: ErrorCode.UNAVAILABLE,
        retryable: true,
        retryAfterSeconds: retryAfterSeconds(unavailable.retryAfterMs),
      },
    };
  }
  if (original instanceof BelvoError) {
    const mapped = mapBelvoError(original);
    return {
      ...base,
      message: mapped.message,
      extensions: {
        code: mapped.code,
        retryable: mapped.retryable,
        ...(original.belvoCode ? { belvoCode: original.belvoCode } : {}),
        ...(original.field ? { field: original.field } : {}),
        ...(original.requestId ? { belvoRequestId: original.requestId } : {}),
        ...(original.retryAfterMs !== undefined
          ? { retryAfterSeconds: retryAfterSeconds(original.retryAfterMs) }
          : {}),
        ...(stacktrace ? { stacktrace } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    const withoutValues = withoutEchoedValues(formatted.message);
    const message = options.hideSuggestions ? withoutSuggestions(withoutValues) : withoutValues;
    // UNAVAILABLE always says when to come back, whoever raised it.
    const retry =
      code === ErrorCode.UNAVAILABLE
        ? { retryable: true, retryAfterSeconds: retryAfterSeconds(UNAVAILABLE_RETRY_AFTER_MS) }
        : {};
    return {
      ...formatted,
      message,
      extensions: { ...retry, ...extensions, ...(stacktrace ? { stacktrace } : {}) },
    };
  }
  options.onMasked?.(original);
  return {
    ...base,
    message: 'Internal server error',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(stacktrace ? { stacktrace } : {}) },
  };
}

/**
 * What the log may say about an error that was masked: its kind, its message without any value it
 * quotes (graphql-js writes "String cannot represent value: {…}" when a resolver returns the wrong
 * thing, with the thing in it), and where in the code it happened. Never the raw message or cause.
 */
export function maskedErrorForLog(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: 'a non-Error value was thrown' };
  // The stack's first line repeats the message; the frames below it carry no data.
  const frames = error.stack?.split('\n').slice(1).join('\n');
  return {
    type: error.name,
    // Whatever follows a ": " is, in graphql-js and graphql-scalars messages, the value itself.
    message: withoutEchoedValues(error.message).split(': ')[0]!,
    ...(frames ? { stack: frames } : {}),
  };
}

/**
 * graphql-js quotes the offending value in coercion and validation messages ("got invalid value
 * 1020304050", "cannot represent a non string value: 1020304050"). A cédula sent as a number, or a
 * name in a misspelled field, would come back in the response and in anything that records it;
 * the message keeps the variable, the path and the reason, not the value. (The reason is what
 * follows the last "; ", so a value containing one is dropped whole.)
 */
export function withoutEchoedValues(message: string): string {
  const variable = /^(Variable "\$\w+") got invalid value [\s\S]*?((?: at "[^"]*")?); ([^;]*)$/.exec(message);
  if (variable) return `${variable[1]} got an invalid value${variable[2]}; ${withoutValue(variable[3]!)}`;
  return withoutValue(message);
}

function withoutValue(reason: string): string {
  return reason
    .replace(/^(\w+ cannot represent [^:]*value): [\s\S]*$/, '$1.')
    .replace(/^(Value is not a valid \w+): [\s\S]*$/, '$1.')
    .replace(/^(\w+ cannot represent an invalid [\w-]+)[\s\S]*$/, '$1.')
    .replace(/^Value "[\s\S]*" does not exist in ("\w+" enum\.)/, 'The value does not exist in $1')
    .replace(/^(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.');
}
