import type { Config } from '../config.js';
import { explainDatabaseRefusal } from '../store/connection-failures.js';

/**
 * The one line `npm start` prints when the system of record cannot be opened: what PostgreSQL
 * refused and what to change when it answered (a bare SQLSTATE such as `3D000` told nobody what to
 * do), else where the gateway looked and what failed. Never the URL's user or password.
 */
export function databaseStartFailure(error: Error, config: Config): string {
  const database = config.state.database;
  const refusal = database.kind === 'postgres' ? explainDatabaseRefusal(error, database.url) : undefined;
  const where = /^Cannot open the database \([^)]*\)/.exec(error.message)?.[0] ?? 'Cannot open the database';
  return refusal
    ? `${where}: ${refusal}.`
    : `${error.message}. Check DATABASE_URL (and that the server answers).`;
}
