import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEventTarget } from '@graphql-yoga/subscription';
import type { Redis } from 'ioredis';
import type { LinkEventRecord } from './link-event.js';

const ROUTING_KEY = 'beg:v1:link-events';
/** The Redis channel of one link's events (also the in-process event name). */
export const linkTopic = (linkId: string) => `${ROUTING_KEY}:${linkId}`;

/** Per-link topics: a webhook for one link wakes only that link's subscribers. */
export interface EventBus {
  readonly backend: 'memory' | 'redis';
  /** Resolves once the event is handed to every instance's subscribers (Redis: PUBLISH answered). */
  publish(event: LinkEventRecord): Promise<void>;
  /**
   * The link's live events. Listening starts at the iterator's first `next()`; `ready()` resolves
   * once every listener started so far is really receiving (on Redis: SUBSCRIBE confirmed).
   */
  subscribe(linkId: string): AsyncIterableIterator<LinkEventRecord>;
  ready(): Promise<void>;
  /** Listeners currently attached, to prove that unsubscribing leaves none behind. */
  listenerCount(): number;
}

type Topics = Record<string, [LinkEventRecord]>;
type Target = PubSubEventTarget<Topics>;

/** Counts listeners around any EventTarget, in-process or the Redis one. */
function counted(target: Target) {
  let listeners = 0;
  const wrapper: Target = Object.assign(Object.create(target) as Target, {
    addEventListener(...args: Parameters<Target['addEventListener']>) {
      listeners += 1;
      target.addEventListener(...args);
    },
    removeEventListener(...args: Parameters<Target['removeEventListener']>) {
      listeners -= 1;
      target.removeEventListener(...args);
    },
    dispatchEvent: (event: Parameters<Target['dispatchEvent']>[0]) => target.dispatchEvent(event),
  });
  return { count: () => listeners, target: wrapper };
}

/**
 * An in-process event target with a Set of listeners per topic. Node's EventTarget checks each new
 * listener against all others on the type (10,000 subscribers of one link: quadratic) and warns
 * past ten listeners; this adds and removes in constant time.
 */
type Listener = ((event: Event) => void) | { handleEvent(event: Event): void };

class TopicTarget {
  private readonly topics = new Map<string, Set<Listener>>();

  addEventListener(type: string, listener: Listener | null): void {
    if (!listener) return;
    let listeners = this.topics.get(type);
    if (!listeners) this.topics.set(type, (listeners = new Set()));
    listeners.add(listener);
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const listeners = this.topics.get(type);
    if (!listeners || !listener) return;
    listeners.delete(listener);
    if (listeners.size === 0) this.topics.delete(type);
  }

  dispatchEvent(event: Event): boolean {
    for (const listener of this.topics.get(event.type) ?? []) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
    return true;
  }
}

export function createMemoryEventBus(): EventBus {
  const { count, target } = counted(new TopicTarget() as unknown as Target);
  const pubSub = createPubSub<Topics>({ eventTarget: target });
  return {
    backend: 'memory',
    async publish(event) {
      pubSub.publish(linkTopic(event.linkId), event);
    },
    subscribe: (linkId) => pubSub.subscribe(linkTopic(linkId)),
    ready: async () => undefined,
    listenerCount: count,
  };
}

/**
 * Redis pub/sub through yoga's Redis event target. Publishing goes straight to the publisher client
 * so its failure reaches the webhook route (the event target would drop the promise).
 */
export function createRedisEventBus(publisher: Redis, subscriber: Redis): EventBus {
  const { count, target } = counted(
    createRedisEventTarget<Parameters<Target['dispatchEvent']>[0]>({
      publishClient: publisher,
      subscribeClient: subscriber,
    }),
  );
  const pubSub = createPubSub<Topics>({ eventTarget: target });
  return {
    backend: 'redis',
    async publish(event) {
      await publisher.publish(linkTopic(event.linkId), JSON.stringify(event));
    },
    subscribe: (linkId) => pubSub.subscribe(linkTopic(linkId)),
    // Redis answers a connection's commands in order: once PING returns, earlier SUBSCRIBEs are live.
    ready: async () => {
      await subscriber.ping();
    },
    listenerCount: count,
  };
}
