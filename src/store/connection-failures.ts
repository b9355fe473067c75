import { DependencyUnavailableError } from '../kit/unavailable.js';

/**
 * SQLSTATEs that blame the server, not the statement, so the same statement may succeed later:
 * connection exceptions (08), insufficient resources (53: too many connections, disk full), system
 * errors (58), shutdown and startup (57P01 admin, 57P02 crash, 57P03 cannot connect now), and a
 * cancelled statement (57014: statement_timeout, an operator's pg_cancel_backend).
 */
const SERVER_SIDE = /^(08|53|58)[0-9A-Z]{3}$|^57P0[123]$|^57014$/;

/** What `pg` and `pg-pool` throw, without a code, when the connection (not the statement) failed. */
const DRIVER_SIDE = [
  'Connection terminated', // also "… unexpectedly" and "… due to connection timeout"
  'timeout exceeded when trying to connect', // the pool's acquire timeout
  'is not queryable', // a client whose connection broke, or was closed
  'Query read timeout',
  'Cannot use a pool after calling end on the pool', // shutting down
];

/** A socket error (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, ENOTFOUND, EAI_AGAIN…). */
const ERRNO = /^E[A-Z][A-Z_]+$/;

/**
 * The error a PostgreSQL operation failed with, as the rest of the gateway should see it: a
 * DependencyUnavailableError when the database is away (restarting, unreachable, out of
 * connections), the driver's own error otherwise (a constraint, a bug), so it is never mistaken
 * for something a retry would fix.
 */
export function asDatabaseFailure(error: unknown): unknown {
  if (error instanceof DependencyUnavailableError) return error;
  return isConnectionFailure(error) ? new DependencyUnavailableError('database', error) : error;
}

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SERVER_SIDE.test(code) || ERRNO.test(code))) return true;
  return DRIVER_SIDE.some((text) => error.message.includes(text));
}
