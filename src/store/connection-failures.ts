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

/**
 * Why PostgreSQL refused to open for the gateway at start, in words an operator can act on, for the
 * SQLSTATEs a misconfigured DATABASE_URL or server gives; undefined for any other failure. Names the
 * database (from the URL, not the server's message), never the user or password.
 */
export function explainDatabaseRefusal(error: unknown, databaseUrl: string): string | undefined {
  const code = sqlStateIn(error);
  const database = databaseNameIn(databaseUrl);
  switch (code) {
    case '3D000':
      return `database "${database}" does not exist — create it (createdb ${JSON.stringify(database)}) or fix DATABASE_URL`;
    case '28000':
    case '28P01':
      return `PostgreSQL refused the user/password in DATABASE_URL (SQLSTATE ${code}: ${code === '28P01' ? 'wrong password, or no such role' : 'no such role, or pg_hba.conf does not let it in'})`;
    case '42501':
      return `the user in DATABASE_URL may not create the gateway's tables in database "${database}" (SQLSTATE 42501): grant it CREATE on the database and its schema, or use the database's owner`;
    case '53300':
      return 'PostgreSQL has no connection left for the gateway (SQLSTATE 53300: too many connections) — raise max_connections or lower DATABASE_POOL_SIZE';
    case '57P03':
      return 'PostgreSQL is starting up or shutting down (SQLSTATE 57P03) — start the gateway again once it accepts connections';
    default:
      return undefined;
  }
}

/** The first SQLSTATE (five characters, digits and capitals) in `error` or its causes. */
function sqlStateIn(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !ERRNO.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/** The database a URL names, as written when it cannot be decoded (a bad `%` escape must not throw here). */
function databaseNameIn(databaseUrl: string): string {
  let name: string;
  try {
    name = new URL(databaseUrl).pathname.slice(1);
  } catch {
    return 'postgres';
  }
  try {
    return decodeURIComponent(name) || 'postgres';
  } catch {
    return name;
  }
}
