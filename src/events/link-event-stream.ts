import { Repeater } from '@graphql-yoga/subscription';
import type { EventBus } from './event-bus.js';
import type { EventStore } from './event-store.js';
import { isFinal, type LinkEventRecord } from './link-event.js';

/**
 * A link's events for one subscriber: first those already recorded, then live ones, each exactly
 * once. Listening starts before the record is read, so an event arriving in between is caught
 * live and recognised when the record also holds it. Ends after the link's deletion.
 *
 * A Repeater rather than an async generator: a generator cannot be stopped while it awaits the next
 * live event, so an unsubscribe would leave its listener attached until some event came.
 */
export function linkEventStream(
  linkId: string,
  events: { bus: EventBus; store: EventStore },
  /** Which events this subscriber wants; the others are skipped (the final one still ends the stream). */
  accept: (event: LinkEventRecord) => boolean = () => true,
): Repeater<LinkEventRecord> {
  return new Repeater(async (push, stop) => {
    const live = events.bus.subscribe(linkId);
    let nextLive = live.next(); // starts listening
    const stopped = stop.then(() => ({ done: true, value: undefined }) as const);
    const delivered = new Set<string>();
    /** Pushes an event unless already delivered; false once the stream must end. */
    const deliver = async (event: LinkEventRecord) => {
      if (delivered.has(event.id)) return true;
      delivered.add(event.id);
      if (accept(event)) await push(event);
      return !isFinal(event);
    };
    try {
      await events.bus.ready();
      for (const event of await events.store.list(linkId)) {
        if (!(await deliver(event))) return;
      }
      for (;;) {
        const result = await Promise.race([nextLive, stopped]);
        if (result.done) return;
        nextLive = live.next();
        if (!(await deliver(result.value))) return;
      }
    } finally {
      stop();
      await live.return?.();
    }
  });
}
