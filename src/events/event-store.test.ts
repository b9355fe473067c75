import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ValueCipher } from '../cache/cipher.js';
import { createMemoryEventBus } from './event-bus.js';
import { EventCodec } from './event-codec.js';
import {
  DEFAULT_EVENT_STORE_LIMITS,
  MemoryEventStore,
  RedisEventStore,
  eventStoreKeys,
  type EventStore,
} from './event-store.js';
import { linkEventStream } from './link-event-stream.js';
import type { LinkEventRecord } from './link-event.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const limits = { ...DEFAULT_EVENT_STORE_LIMITS, recordMaxEvents: 3 };
const redis = new Redis(REDIS_URL);
afterAll(() => redis.quit());

const event = (linkId: string, overrides: Partial<LinkEventRecord> = {}): LinkEventRecord => ({
  id: randomUUID().replaceAll('-', ''),
  kind: 'LINK_ERROR',
  linkId,
  receivedAt: new Date().toISOString(),
  processType: null,
  requestId: null,
  externalId: null,
  count: null,
  error: { reason: 'invalid_credentials', code: null, message: null },
  newSince: null,
  ...overrides,
});

describe.each([
  ['in memory', () => new MemoryEventStore(limits)],
  ['on Redis', () => new RedisEventStore(redis, limits)],
])('the event store %s', (_, create: () => EventStore) => {
  const store = create();

  it('claims a webhook id once, even when 20 claims race; a released claim can be taken again', async () => {
    const id = randomUUID();
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim(id)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await store.release(id);
    expect(await store.claim(id)).toBe(true);
  });

  it('keeps the newest events per link, oldest first, and purges them', async () => {
    const linkId = randomUUID();
    const events = [1, 2, 3, 4].map(() => event(linkId));
    for (const item of events) await store.append(item);
    expect(await store.list(linkId)).toEqual(events.slice(1));
    await store.purge(linkId);
    expect(await store.list(linkId)).toEqual([]);
  });

  it('answers the previous notice day, the same one again for a redelivered webhook', async () => {
    const linkId = randomUUID();
    expect(await store.swapEmploymentsNotice(linkId, 'w1', '2026-11-01')).toBeNull();
    expect(await store.swapEmploymentsNotice(linkId, 'w2', '2026-11-20')).toBe('2026-11-01');
    expect(await store.swapEmploymentsNotice(linkId, 'w2', '2026-11-20')).toBe('2026-11-01');
    expect(await store.swapEmploymentsNotice(linkId, 'w3', '2026-11-22')).toBe('2026-11-20');
  });
});

describe('the memory event store', () => {
  it('forgets claims and records after their TTL', async () => {
    let now = 0;
    const store = new MemoryEventStore({ ...limits, dedupeTtlMs: 10, recordTtlMs: 10 }, () => now);
    const linkId = randomUUID();
    expect(await store.claim('w')).toBe(true);
    await store.append(event(linkId));
    now = 11;
    expect(await store.claim('w')).toBe(true);
    expect(await store.list(linkId)).toEqual([]);
  });
});

describe('the Redis event store', () => {
  it('sets TTLs on claims and records', async () => {
    const store = new RedisEventStore(redis, limits);
    const linkId = randomUUID();
    await store.claim(`ttl-${linkId}`);
    await store.append(event(linkId));
    expect(await redis.pttl(`beg:v1:webhook:ttl-${linkId}`)).toBeGreaterThan(0);
    expect(await redis.pttl(`beg:v1:events:${linkId}`)).toBeGreaterThan(0);
  });

  it('seals records with the cipher: nothing readable in Redis, nothing opened with another key', async () => {
    const key = () => new ValueCipher(randomBytes(32));
    const store = new RedisEventStore(redis, limits, new EventCodec(key()));
    const linkId = randomUUID();
    const sealed = event(linkId, { externalId: 'customer_ref_8841' });
    await store.append(sealed);
    expect(await store.list(linkId)).toEqual([sealed]);
    const raw = await redis.lrange(eventStoreKeys.record(linkId), 0, -1);
    expect(raw.join()).not.toContain('customer_ref_8841');
    expect(raw.join()).not.toContain(linkId);
    expect(await new RedisEventStore(redis, limits, new EventCodec(key())).list(linkId)).toEqual([]);
  });

  it('skips entries of a record that are not well-formed events', async () => {
    const store = new RedisEventStore(redis, limits);
    const linkId = randomUUID();
    const good = event(linkId);
    await redis.rpush(eventStoreKeys.record(linkId), 'not json', '{"id":"x","kind":"NOPE"}', 'null');
    await store.append(good);
    expect(await store.list(linkId)).toEqual([good]);
  });
});

describe('a link event stream', () => {
  it('replays the record, then live events, skipping an event that is in both', async () => {
    const store = new MemoryEventStore(limits);
    const bus = createMemoryEventBus();
    const linkId = randomUUID();
    const recorded = event(linkId);
    await store.append(recorded);
    const stream = linkEventStream(linkId, { bus, store });
    const first = await stream.next();
    // The live listener is attached before the replay: both copies of `recorded` meet here.
    await bus.publish(recorded);
    const live = event(linkId);
    await bus.publish(live);
    const second = await stream.next();
    expect([first.value, second.value]).toEqual([recorded, live]);
    await stream.return();
    expect(bus.listenerCount()).toBe(0);
  });

  it('ends after the link is deleted', async () => {
    const store = new MemoryEventStore(limits);
    const bus = createMemoryEventBus();
    const linkId = randomUUID();
    await store.append(event(linkId, { kind: 'LINK_DELETED', error: null }));
    const stream = linkEventStream(linkId, { bus, store });
    expect((await stream.next()).value).toMatchObject({ kind: 'LINK_DELETED' });
    expect((await stream.next()).done).toBe(true);
    expect(bus.listenerCount()).toBe(0);
  });

  it('ends a waiting stream that filters out the deletion itself', async () => {
    const bus = createMemoryEventBus();
    const linkId = randomUUID();
    const stream = linkEventStream(
      linkId,
      { bus, store: new MemoryEventStore(limits) },
      (e) => e.kind === 'LINK_ERROR',
    );
    const pending = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bus.publish(event(linkId, { kind: 'LINK_DELETED', error: null }));
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(bus.listenerCount()).toBe(0);
  });

  it('frees its listener when stopped while waiting for a live event', async () => {
    const bus = createMemoryEventBus();
    const stream = linkEventStream(randomUUID(), { bus, store: new MemoryEventStore(limits) });
    const pending = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bus.listenerCount()).toBe(1);
    await stream.return();
    expect((await pending).done).toBe(true);
    expect(bus.listenerCount()).toBe(0);
  });
});
