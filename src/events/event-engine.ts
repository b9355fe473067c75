import type { Logger } from '../logger.js';
import type { RedisClients } from '../redis-clients.js';
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
}

/** In process without Redis; on Redis (shared by every instance) with it. */
export function createEventEngine(redis?: RedisClients, logger?: Logger): EventEngine {
  if (!redis) {
    return {
      store: new MemoryEventStore(DEFAULT_EVENT_STORE_LIMITS),
      bus: createMemoryEventBus(),
      sharedFetch: new SharedFetch(),
    };
  }
  return {
    store: new RedisEventStore(redis.commands, DEFAULT_EVENT_STORE_LIMITS),
    bus: createRedisEventBus(redis.commands, redis.subscriber, () =>
      logger?.warn('dropped a malformed message on a link event channel'),
    ),
    sharedFetch: new SharedFetch(),
  };
}
