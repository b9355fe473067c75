import type { EventBus } from './event-bus.js';
import type { EventStore } from './event-store.js';
import { isFinal, type LinkEventRecord } from './link-event.js';

/**
 * A link's events for one subscriber: first those already recorded, then live ones, each exactly
 * once. Listening starts before the record is read, so an event arriving in between is caught
 * live and recognised when the record also holds it. Ends after the link's deletion.
 */
export async function* linkEventStream(
  linkId: string,
  events: { bus: EventBus; store: EventStore },
): AsyncGenerator<LinkEventRecord> {
  const live = events.bus.subscribe(linkId);
  let nextLive = live.next(); // starts listening
  try {
    await events.bus.ready();
    const delivered = new Set<string>();
    for (const event of await events.store.list(linkId)) {
      if (delivered.has(event.id)) continue;
      delivered.add(event.id);
      yield event;
      if (isFinal(event)) return;
    }
    for (;;) {
      const result = await nextLive;
      if (result.done) return;
      nextLive = live.next();
      if (delivered.has(result.value.id)) continue;
      delivered.add(result.value.id);
      yield result.value;
      if (isFinal(result.value)) return;
    }
  } finally {
    await live.return?.();
  }
}
