import type { ValueCipher } from '../cache/cipher.js';
import type { Logger } from '../logger.js';
import type { RedisClients } from '../redis-clients.js';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from './event-bus.js';
import { EventCodec } from './event-codec.js';
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
}

/**
 * In process without Redis; on Redis (shared by every instance) with it, records and messages
 * sealed with `cipher` (the cache's key, so every instance sharing the cache shares the events).
 */
export function createEventEngine(
  redis?: RedisClients,
  options: { cipher?: ValueCipher; logger?: Logger } = {},
): EventEngine {
  if (!redis) {
    return {
      store: new MemoryEventStore(DEFAULT_EVENT_STORE_LIMITS),
      bus: createMemoryEventBus(),
      sharedFetch: new SharedFetch(),
    };
  }
  const codec = new EventCodec(options.cipher);
  return {
    store: new RedisEventStore(redis.commands, DEFAULT_EVENT_STORE_LIMITS, codec),
    bus: createRedisEventBus(redis.commands, redis.subscriber, {
      codec,
      onMalformed: () =>
        options.logger?.warn('dropped a message on a link event channel that did not open as an event'),
    }),
    sharedFetch: new SharedFetch(),
  };
}
