import type { EventBus } from './event-bus.js';
import type { EventStore } from './event-store.js';
import { isFinal, type LinkEventRecord } from './link-event.js';

/**
 * A link's events for one subscriber: first those already recorded, then live ones, each exactly
 * once. Listening starts before the record is read, so an event arriving in between is caught
 * live and recognised when the record also holds it. Ends after the link's deletion.
 *
 * A hand-made async iterator rather than an async generator (which cannot be stopped while it
 * awaits, so an unsubscribe would keep its listener until some event came) or a Repeater (several
 * promises per event: with ten thousand subscribers that was most of the fan-out's time).
 */
export interface LinkEventStream extends AsyncIterableIterator<LinkEventRecord> {
  /** Stops the stream at once, even while a `next()` is waiting, and detaches its listener. */
  return(): Promise<IteratorResult<LinkEventRecord>>;
}

export function linkEventStream(
  linkId: string,
  events: { bus: EventBus; store: EventStore },
  /** Which events this subscriber wants; the others are skipped (the final one still ends the stream). */
  accept: (event: LinkEventRecord) => boolean = () => true,
): LinkEventStream {
  const queue: LinkEventRecord[] = [];
  const delivered = new Set<string>();
  let waiting: ((result: IteratorResult<LinkEventRecord>) => void) | undefined;
  let failed: { error: unknown } | undefined;
  let ended = false;
  let replaying = true;
  const live: LinkEventRecord[] = [];

  const end = () => {
    if (ended) return;
    ended = true;
    stopListening();
    waiting?.({ done: true, value: undefined });
    waiting = undefined;
  };
  const offer = (event: LinkEventRecord) => {
    if (ended || delivered.has(event.id)) return;
    delivered.add(event.id);
    if (accept(event)) {
      if (waiting) {
        waiting({ done: false, value: event });
        waiting = undefined;
      } else queue.push(event);
    }
    if (isFinal(event)) {
      ended = true; // deliver what is queued, then stop
      stopListening();
    }
  };
  // Live events arriving during the replay wait behind it, so the order stays record-then-live.
  const stopListening = events.bus.listen(linkId, (event) => (replaying ? live.push(event) : offer(event)));

  const replay = (async () => {
    try {
      await events.bus.ready();
      for (const event of await events.store.list(linkId)) offer(event);
      replaying = false;
      for (const event of live.splice(0)) offer(event);
    } catch (error) {
      failed = { error };
      stopListening();
    }
  })();

  const stream: LinkEventStream = {
    async next(): Promise<IteratorResult<LinkEventRecord>> {
      await replay;
      if (failed) throw failed.error;
      const queued = queue.shift();
      if (queued) return { done: false, value: queued };
      if (ended) return { done: true, value: undefined };
      return new Promise((resolve) => (waiting = resolve));
    },
    async return(): Promise<IteratorResult<LinkEventRecord>> {
      queue.length = 0;
      end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<LinkEventRecord>> {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
