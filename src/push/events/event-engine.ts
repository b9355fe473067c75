import type { ValueCipher } from '../../security/cipher.js';
import type { Logger } from '../../observability/logger.js';
import type { RedisClients } from '../../redis/clients.js';
import type { EventLog } from '../../store/event-log.js';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from './event-bus.js';
import { EventCodec } from './event-codec.js';
import { SharedFetch } from './shared-fetch.js';

/** Everything webhooks and subscriptions share: the durable log, the live bus, and shared fetches. */
export interface EventEngine {
  log: EventLog;
  bus: EventBus;
  sharedFetch: SharedFetch;
}

/**
 * The log lives in the system of record; the bus is in process without Redis, and on Redis (shared
 * by every instance) with it, its messages sealed with `cipher` (the cache's key, so every
 * instance sharing the cache shares the events).
 */
export function createEventEngine(
  log: EventLog,
  redis?: RedisClients,
  options: { cipher?: ValueCipher; logger?: Logger } = {},
): EventEngine {
  const onListenerError = (error: unknown) =>
    options.logger?.error({ err: error }, 'a subscriber failed while a link event was delivered to it');
  if (!redis) return { log, bus: createMemoryEventBus({ onListenerError }), sharedFetch: new SharedFetch() };
  return {
    log,
    bus: createRedisEventBus(redis.commands, redis.subscriber, {
      onListenerError,
      codec: new EventCodec(options.cipher),
      onMalformed: () =>
        options.logger?.warn('dropped a message on a link event channel that did not open as an event'),
    }),
    sharedFetch: new SharedFetch(),
  };
}
