import type { Redis } from 'ioredis';
import { redisKey } from '../../kit/redis-namespace.js';
import { settleWithin } from '../../kit/settle-within.js';
import { EventCodec } from './event-codec.js';
import type { LinkEventRecord } from '../../store/link-event.js';

/** How long a new subscriber waits for Redis to confirm its SUBSCRIBE before replaying anyway. */
const READY_WAIT_MS = 1_000;
const ROUTING_KEY = redisKey('link-events');
/** The Redis channel of one link's events (also the in-process topic). */
export const linkTopic = (linkId: string) => `${ROUTING_KEY}:${linkId}`;

export type LinkEventListener = (event: LinkEventRecord) => void;

/** Per-link topics: a webhook for one link wakes only that link's subscribers. */
export interface EventBus {
  readonly backend: 'memory' | 'redis';
  /**
   * Resolves once the event is handed to every instance's subscribers (Redis: PUBLISH answered).
   * This instance's listeners receive it in a later turn of the event loop, never inside this call.
   */
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
  /**
   * Calls `listener` each time the bus is back after an outage (Redis reconnected, its channels
   * subscribed again): events recorded meanwhile were never delivered, and are in the log. It is
   * called before any live message can arrive, with `confirmed`, settled once the subscriptions are
   * live (as `ready()`). The returned function removes it. In process, never.
   */
  onReconnect(listener: (confirmed: Promise<void>) => void): () => void;
}

/** Told of a listener that threw while an event was delivered (the other listeners still get it). */
export type ListenerErrorHandler = (error: unknown) => void;

/**
 * An instance's listeners, a Set per topic. Node's EventTarget checks each new listener against all
 * others of its type (10,000 subscribers of one link: quadratic) and warns past ten; this adds and
 * removes in constant time.
 *
 * Deliveries are handed off: `deliverLater` queues the event and returns, and everything queued is
 * delivered in the next turn of the event loop (setImmediate), in order. The code that published —
 * a webhook about to answer — finishes first, so no subscriber (a paused socket, ten thousand of
 * them) stands between a webhook and its 2xx; the same holds for events arriving from Redis.
 */
class LocalTopics {
  private readonly topics = new Map<string, Set<LinkEventListener>>();
  private queue: Array<[string, LinkEventRecord]> = [];
  private scheduled = false;
  private listeners = 0;

  constructor(private readonly onListenerError: ListenerErrorHandler) {}

  count(): number {
    return this.listeners;
  }

  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** Adds `listener`; the returned function removes it (idempotent) and says whether it was the topic's last. */
  add(topic: string, listener: LinkEventListener): () => boolean {
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = new Set()));
    // Wrapped, so the same listener added twice counts (and is removed) twice.
    const entry: LinkEventListener = (event) => listener(event);
    listeners.add(entry);
    this.listeners += 1;
    let attached = true;
    return () => {
      if (!attached) return false;
      attached = false;
      this.listeners -= 1;
      listeners.delete(entry);
      if (listeners.size > 0) return false;
      this.topics.delete(topic);
      return true;
    };
  }

  deliverLater(topic: string, event: LinkEventRecord): void {
    this.queue.push([topic, event]);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const [topic, event] of queue) {
      for (const listener of this.topics.get(topic) ?? []) {
        try {
          listener(event);
        } catch (error) {
          // Nobody awaits a delivery: a throw here would end the process.
          this.onListenerError(error);
        }
      }
    }
  }
}

export function createMemoryEventBus(options: { onListenerError?: ListenerErrorHandler } = {}): EventBus {
  const local = new LocalTopics(options.onListenerError ?? (() => undefined));
  return {
    backend: 'memory',
    async publish(event) {
      local.deliverLater(linkTopic(event.linkId), event);
    },
    listen: (linkId, listener) => {
      const remove = local.add(linkTopic(linkId), listener);
      return () => void remove();
    },
    ready: async () => undefined,
    listenerCount: () => local.count(),
    onReconnect: () => () => undefined,
  };
}

/**
 * Redis pub/sub: one SUBSCRIBE per link with listeners here, dropped with the last one. Publishing
 * goes straight to the publisher client so its failure reaches the webhook route (Belvo redelivers).
 */
export function createRedisEventBus(
  publisher: Redis,
  subscriber: Redis,
  options: { codec?: EventCodec; onMalformed?: () => void; onListenerError?: ListenerErrorHandler } = {},
): EventBus {
  const codec = options.codec ?? new EventCodec();
  const local = new LocalTopics(options.onListenerError ?? (() => undefined));
  subscriber.on('message', (channel: string, message: string) => {
    if (!local.has(channel)) return; // another link's, or another part of the gateway's channel
    const event = codec.decode(ROUTING_KEY, message);
    if (!event) return void options.onMalformed?.();
    // Only the channel's own link's events: a foreign message on it is dropped.
    if (linkTopic(event.linkId) === channel) local.deliverLater(channel, event);
  });
  // Redis answers a connection's commands in order: once PING returns, earlier SUBSCRIBEs are live.
  // While Redis is unreachable, waiting longer gains nothing: the log still replays, ioredis
  // re-subscribes on reconnect, and webhooks published meanwhile fail and are redelivered.
  const ready = () =>
    settleWithin(
      subscriber.ping().then(
        () => undefined,
        () => undefined,
      ),
      READY_WAIT_MS,
      () => undefined,
    );
  const reconnected = new Set<(confirmed: Promise<void>) => void>();
  // 'ready' comes at each connection; the first (or one before this bus existed) is no reconnection.
  // The listeners are told at once (before any message can arrive) with one PING for all of them.
  let connectedBefore = subscriber.status === 'ready';
  subscriber.on('ready', () => {
    if (connectedBefore) {
      const confirmed = ready();
      for (const listener of reconnected) listener(confirmed);
    }
    connectedBefore = true;
  });
  // The subscriber retries a command until it is closed (maxRetriesPerRequest: null), and re-subscribes
  // its channels after a reconnect: a rejection means the gateway is stopping. Left unhandled, it
  // would end the process (yoga's Redis event target dropped these promises).
  const ignoreClosed = () => undefined;
  return {
    backend: 'redis',
    async publish(event) {
      await publisher.publish(linkTopic(event.linkId), codec.encode(ROUTING_KEY, event));
    },
    listen(linkId, listener) {
      const topic = linkTopic(linkId);
      if (!local.has(topic)) subscriber.subscribe(topic).catch(ignoreClosed);
      const remove = local.add(topic, listener);
      return () => {
        if (remove()) subscriber.unsubscribe(topic).catch(ignoreClosed);
      };
    },
    ready,
    listenerCount: () => local.count(),
    onReconnect(listener) {
      reconnected.add(listener);
      return () => void reconnected.delete(listener);
    },
  };
}
