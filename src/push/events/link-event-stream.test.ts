import { describe, expect, it, vi } from 'vitest';
import { DependencyUnavailableError } from '../../kit/unavailable.js';
import type { EventLog } from '../../store/event-log.js';
import type { LinkEventRecord } from '../../store/link-event.js';
import { createMemoryEventBus } from './event-bus.js';
import { linkEventStream } from './link-event-stream.js';

const LINK = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';

const record = (cursor: number): LinkEventRecord => ({
  id: `webhook-${cursor}`,
  cursor: String(cursor),
  kind: 'EMPLOYMENTS_HISTORICAL_UPDATE',
  linkId: LINK,
  receivedAt: new Date().toISOString(),
  processType: 'historical_update',
  requestId: null,
  externalId: null,
  count: 1,
  error: null,
  newSince: null,
});

/** A log whose reads fail with `failures`, one per read, before it answers `events`. */
function flakyLog(failures: unknown[], events: LinkEventRecord[]) {
  const log = {
    reads: 0,
    async list() {
      log.reads++;
      const failure = failures.shift();
      if (failure) throw failure;
      return events;
    },
  };
  return log;
}

const databaseAway = () =>
  new DependencyUnavailableError('database', Object.assign(new Error(), { code: '57P01' }));

function collect(stream: ReturnType<typeof linkEventStream>) {
  const seen: { events: string[]; ended: boolean; error: unknown } = {
    events: [],
    ended: false,
    error: undefined,
  };
  stream.pipe({
    next: (event) => seen.events.push(event.id),
    end: (error) => {
      seen.ended = true;
      seen.error = error;
    },
  });
  return seen;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('a link event stream while the database is away', () => {
  it('tries the replay again until the log answers, then replays and goes on live, in order', async () => {
    const bus = createMemoryEventBus();
    const log = flakyLog([databaseAway(), databaseAway(), databaseAway()], [record(1), record(2)]);
    const stream = linkEventStream(LINK, { bus, log: log as unknown as EventLog });
    const seen = collect(stream);
    // A live event during the outage waits for the replay, and follows it.
    await bus.publish(record(3));
    await until(() => seen.events.length === 3);
    expect(seen.events).toEqual(['webhook-1', 'webhook-2', 'webhook-3']);
    expect(log.reads).toBe(4);
    await bus.publish(record(4)); // handed off: delivered in the next turn of the event loop
    await until(() => seen.events.length === 4);
    expect(seen.events).toEqual(['webhook-1', 'webhook-2', 'webhook-3', 'webhook-4']);
    expect(seen.ended).toBe(false);
    await stream.return();
  });

  it('stops trying once its subscriber leaves, its timer cleared', async () => {
    vi.useFakeTimers();
    try {
      const bus = createMemoryEventBus();
      const log = flakyLog(Array.from({ length: 100 }, databaseAway), []);
      const stream = linkEventStream(LINK, { bus, log: log as unknown as EventLog });
      await vi.advanceTimersByTimeAsync(1_000);
      const reads = log.reads;
      expect(reads).toBeGreaterThan(2);
      await stream.return();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(log.reads).toBe(reads);
      expect(vi.getTimerCount()).toBe(0);
      expect(bus.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends with any other error: a bug is not waited out', async () => {
    const bug = new TypeError('boom');
    const bus = createMemoryEventBus();
    const stream = linkEventStream(LINK, { bus, log: flakyLog([bug], []) as unknown as EventLog });
    const seen = collect(stream);
    await until(() => seen.ended);
    expect(seen.error).toBe(bug);
    expect(bus.listenerCount()).toBe(0);
  });
});
