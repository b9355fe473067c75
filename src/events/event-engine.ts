import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from './event-bus.js';
import {
  DEFAULT_EVENT_STORE_LIMITS,
  MemoryEventStore,
  RedisEventStore,
  type EventStore,
} from './event-store.js';
import { SharedFetch } from './shared-fetch.js';

/** Everything webhooks and subscriptions share: durable records, the bus, and shared fetches. */
export interface EventEngine {
  store: EventStore;
  bus: EventBus;
  sharedFetch: SharedFetch;
  /** Resolves when the backing store answers (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 1_000;

export function createEventEngine(options: { redisUrl?: string; logger: Logger }): EventEngine {
  if (!options.redisUrl) {
    return {
      store: new MemoryEventStore(DEFAULT_EVENT_STORE_LIMITS),
      bus: createMemoryEventBus(),
      sharedFetch: new SharedFetch(),
      ping: async () => undefined,
      close: async () => undefined,
    };
  }
  const onError = (role: string) => (error: Error) =>
    options.logger.warn({ role, err: error.message }, 'Redis connection error');
  // Commands fail fast (the webhook route then answers 503 and Belvo redelivers)...
  const commands = new Redis(options.redisUrl, {
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  }).on('error', onError('commands'));
  // ...while the subscriber waits out outages and re-subscribes its channels on reconnect.
  const subscriber = new Redis(options.redisUrl, {
    connectTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: null,
  }).on('error', onError('subscriber'));
  return {
    store: new RedisEventStore(commands, DEFAULT_EVENT_STORE_LIMITS),
    bus: createRedisEventBus(commands, subscriber),
    sharedFetch: new SharedFetch(),
    async ping() {
      await commands.ping();
    },
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
