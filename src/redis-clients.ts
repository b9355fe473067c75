import { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { settleWithin } from './settle-within.js';

const COMMAND_TIMEOUT_MS = 1_000;

/** The two ioredis connections the cache invalidation channel, the budget and the event bus share. */
export interface RedisClients {
  /** Commands fail fast: a publish that fails makes the webhook route answer 503, and Belvo redelivers. */
  commands: Redis;
  /** Pub/sub: waits out outages and re-subscribes its channels on reconnect. */
  subscriber: Redis;
  close(): Promise<void>;
}

export function createRedisClients(url: string, logger: Logger): RedisClients {
  const onError = (role: string) => (error: Error) =>
    logger.warn({ role, err: error.message }, 'Redis connection error');
  const commands = new Redis(url, {
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  }).on('error', onError('commands'));
  const subscriber = new Redis(url, { connectTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: null }).on(
    'error',
    onError('subscriber'),
  );
  return {
    commands,
    subscriber,
    async close() {
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
