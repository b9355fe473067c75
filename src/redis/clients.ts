import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { errorCode, RepeatedErrors } from '../observability/repeated-errors.js';
import { settleWithin } from '../kit/settle-within.js';

const COMMAND_TIMEOUT_MS = 1_000;

/** The two ioredis connections the cache invalidation channel, the budget and the event bus share. */
export interface RedisClients {
  /** Commands fail fast: a publish that fails makes the webhook route answer 503, and Belvo redelivers. */
  commands: Redis;
  /** Pub/sub: waits out outages and re-subscribes its channels on reconnect. */
  subscriber: Redis;
  /** The errno code of the latest connection error, while the connection is down (for /readyz). */
  connectionError(): string | undefined;
  close(): Promise<void>;
}

export function createRedisClients(
  url: string,
  logger: Logger,
  options: { errorSummaryIntervalMs?: number } = {},
): RedisClients {
  // ioredis reconnects every few hundred milliseconds per connection while Redis is down.
  const errors = new RepeatedErrors(logger, {
    subject: 'Redis connection',
    summaryIntervalMs: options.errorSummaryIntervalMs ?? 60_000,
  });
  let lastCode: string | undefined;
  const watch = (redis: Redis, role: string) =>
    redis
      .on('error', (error: Error) => {
        lastCode = errorCode(error);
        errors.failed(role, error);
      })
      .on('ready', () => {
        lastCode = undefined;
        errors.recovered(role);
      });
  // RESP2, as ioredis 5 spoke: ioredis 6 defaults to RESP3, whose HELLO a Redis before 6 (or a
  // Redis-compatible server without it) refuses, and nothing here needs RESP3.
  const commands = watch(
    new Redis(url, {
      protocol: 2,
      connectTimeout: COMMAND_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
    }),
    'commands',
  );
  const subscriber = watch(
    new Redis(url, { protocol: 2, connectTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: null }),
    'subscriber',
  );
  return {
    commands,
    subscriber,
    connectionError: () => lastCode,
    async close() {
      errors.close();
      // The subscriber may hold commands queued for a Redis that is down: nothing to wait for.
      subscriber.disconnect();
      await quit(commands);
    },
  };
}

/** A polite QUIT when Redis answers, a plain disconnect when it does not within a moment. */
async function quit(redis: Redis): Promise<void> {
  try {
    await settleWithin(redis.quit(), COMMAND_TIMEOUT_MS, () => undefined);
  } catch {
    // already gone
  } finally {
    redis.disconnect();
  }
}
