import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

const COMMAND_TIMEOUT_MS = 1_000;

/** The two ioredis connections the event store, the bus and link ownership share. */
export interface RedisClients {
  /** Commands fail fast: the webhook route then answers 503 and Belvo redelivers. */
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
      await Promise.all([quit(commands), quit(subscriber)]);
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
