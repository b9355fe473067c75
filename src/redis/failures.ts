import { DependencyUnavailableError, errorChain } from '../kit/unavailable.js';

/** What ioredis rejects a command with when the connection, not the command, failed. */
const CONNECTION = ['Connection is closed', 'Command timed out', "Stream isn't writeable", 'Socket timeout'];
/** Redis's own replies that mean "not now": loading its data, busy with a script, a failover. */
const NOT_NOW = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

function isRedisFailure(error: object): boolean {
  if (!(error instanceof Error)) return false;
  // ioredis's MaxRetriesPerRequestError, and redis-errors' AbortError for commands a dropped connection aborted.
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'AbortError') return true;
  if (error.name === 'ReplyError') return NOT_NOW.test(error.message);
  return CONNECTION.some((text) => error.message.startsWith(text));
}

/**
 * A Redis outage in `error`'s chain, as a DependencyUnavailableError; undefined when there is none.
 * Redis errors are mostly absorbed where Redis is used (the cache reads through, the budget counts
 * in process); this catches one that was not, so it still reaches a client as `UNAVAILABLE`.
 */
export function redisFailureIn(error: unknown): DependencyUnavailableError | undefined {
  for (const link of errorChain(error)) {
    if (isRedisFailure(link)) return new DependencyUnavailableError('redis', link);
  }
  return undefined;
}
