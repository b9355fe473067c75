import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import { redisKey } from '../kit/redis-namespace.js';
import { settleWithin } from '../kit/settle-within.js';
import { EventCodec } from './event-codec.js';
import type { LinkEventRecord } from '../store/link-event.js';

/** How long a new subscriber waits for Redis to confirm its SUBSCRIBE before replaying anyway. */
const READY_WAIT_MS = 1_000;
const ROUTING_KEY = redisKey('link-events');
/** The Redis channel of one link's events (also the in-process topic). */
export const linkTopic = (linkId: string) => `${ROUTING_KEY}:${linkId}`;

export type LinkEventListener = (event: LinkEventRecord) => void;

/** Per-link topics: a webhook for one link wakes only that link's subscribers. */
export interface EventBus {
  readonly backend: 'memory' | 'redis';
  /** Resolves once the event is handed to every instance's subscribers (Redis: PUBLISH answered). */
  publish(event: LinkEventRecord): Promise<void>;
  /**
   * Calls `listener` with each live event of the link until the returned function is called.
   * Every listener of an instance receives the same event object (shared work can key on it).
   */
  listen(linkId: string, listener: LinkEventListener): () => void;
  /** Resolves once every listener added so far really receives (on Redis: SUBSCRIBE confirmed, or given up on after a moment). */
  ready(): Promise<void>;
  /** Listeners currently attached, to prove that unsubscribing leaves none behind. */
  listenerCount(): number;
}

/** The part of the EventTarget interface both targets below offer. */
interface Target {
  addEventListener(type: string, listener: (event: CustomEvent<LinkEventRecord | null>) => void): void;
  removeEventListener(type: string, listener: (event: CustomEvent<LinkEventRecord | null>) => void): void;
}

/**
 * An in-process target with a Set of listeners per topic. Node's EventTarget checks each new
 * listener against all others of its type (10,000 subscribers of one link: quadratic) and warns
 * past ten; this adds and removes in constant time.
 */
class TopicTarget implements Target {
  private readonly topics = new Map<string, Set<(event: CustomEvent<LinkEventRecord | null>) => void>>();

  addEventListener(type: string, listener: (event: CustomEvent<LinkEventRecord | null>) => void): void {
    let listeners = this.topics.get(type);
    if (!listeners) this.topics.set(type, (listeners = new Set()));
    listeners.add(listener);
  }

  removeEventListener(type: string, listener: (event: CustomEvent<LinkEventRecord | null>) => void): void {
    const listeners = this.topics.get(type);
    if (!listeners) return;
    listeners.delete(listener);
    if (listeners.size === 0) this.topics.delete(type);
  }

  dispatch(type: string, detail: LinkEventRecord): void {
    const event = { type, detail } as CustomEvent<LinkEventRecord>;
    for (const listener of this.topics.get(type) ?? []) listener(event);
  }
}

/** listen/unlisten on a target, counting listeners. */
function listening(target: Target) {
  let listeners = 0;
  return {
    count: () => listeners,
    listen(linkId: string, listener: LinkEventListener): () => void {
      const topic = linkTopic(linkId);
      // Only this link's well-formed events: a foreign message on the channel is dropped.
      const callback = (event: CustomEvent<LinkEventRecord | null>) => {
        if (event.detail?.linkId === linkId) listener(event.detail);
      };
      target.addEventListener(topic, callback);
      listeners += 1;
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        listeners -= 1;
        target.removeEventListener(topic, callback);
      };
    },
  };
}

export function createMemoryEventBus(): EventBus {
  const target = new TopicTarget();
  const { count, listen } = listening(target);
  return {
    backend: 'memory',
    async publish(event) {
      target.dispatch(linkTopic(event.linkId), event);
    },
    listen,
    ready: async () => undefined,
    listenerCount: count,
  };
}

/**
 * Redis pub/sub through yoga's Redis event target (one SUBSCRIBE per link with listeners, dropped
 * with the last one). Publishing goes straight to the publisher client so its failure reaches the
 * webhook route (the event target would drop the promise).
 */
export function createRedisEventBus(
  publisher: Redis,
  subscriber: Redis,
  options: { codec?: EventCodec; onMalformed?: () => void } = {},
): EventBus {
  const codec = options.codec ?? new EventCodec();
  const target = createRedisEventTarget<CustomEvent<LinkEventRecord | null>>({
    publishClient: publisher,
    subscribeClient: subscriber,
    serializer: {
      stringify: (event) => codec.encode(ROUTING_KEY, event as LinkEventRecord),
      parse(message) {
        const event = codec.decode(ROUTING_KEY, message);
        if (!event) options.onMalformed?.();
        return event;
      },
    },
  });
  const { count, listen } = listening(target);
  return {
    backend: 'redis',
    async publish(event) {
      await publisher.publish(linkTopic(event.linkId), codec.encode(ROUTING_KEY, event));
    },
    listen,
    // Redis answers a connection's commands in order: once PING returns, earlier SUBSCRIBEs are live.
    // While Redis is unreachable, waiting longer gains nothing: the log still replays, ioredis
    // re-subscribes on reconnect, and webhooks published meanwhile fail and are redelivered.
    ready: () =>
      settleWithin(
        subscriber.ping().then(
          () => undefined,
          () => undefined,
        ),
        READY_WAIT_MS,
        () => undefined,
      ),
    listenerCount: count,
  };
}
