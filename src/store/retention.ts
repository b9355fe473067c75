import type { StateConfig } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from './store.js';

export type RetentionPolicy = Pick<
  StateConfig,
  'eventRetentionMs' | 'idempotencyKeyTtlMs' | 'pruneIntervalMs'
>;

/** Prunes the event log and old idempotency keys in the background; the timer never holds the process open. */
export function startRetention(
  store: Store,
  policy: RetentionPolicy,
  logger: Logger,
  now = () => Date.now(),
) {
  let running: Promise<void> | undefined;
  const prune = async () => {
    try {
      const cutoff = new Date(now() - policy.eventRetentionMs);
      // Deleted links first: while a deleted link's row is kept, its deletion notice is too.
      const deletedLinks = await store.links.pruneDeleted(cutoff);
      const events = await store.events.prune(cutoff);
      const keys = await store.idempotency.prune(new Date(now() - policy.idempotencyKeyTtlMs));
      if (deletedLinks + events + keys > 0)
        logger.info({ deletedLinks, events, idempotencyKeys: keys }, 'pruned records past their retention');
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'pruning past retention failed; will try again');
    }
  };
  const timer = setInterval(() => {
    running ??= prune().finally(() => (running = undefined));
  }, policy.pruneIntervalMs);
  timer.unref();
  return {
    /** Prunes now (tests, and operators through a restart). */
    prune,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
