import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedis, type PrivateRedis } from '../../../test/support/redis-server.js';
import { eventually } from '../../../test/support/sandbox.js';
import { unhandledRejectionsOf } from '../../../test/support/unhandled.js';
import { silentLogger } from '../../observability/logger.js';
import { createRedisClients } from '../../redis/clients.js';
import { deletedByGateway, type LinkEventRecord } from '../../store/link-event.js';
import { createRedisEventBus, linkTopic } from './event-bus.js';

const eventOf = (linkId: string, cursor: string): LinkEventRecord => ({
  ...deletedByGateway(linkId, null, new Date()),
  cursor,
  newSince: null,
});

describe('the Redis event bus', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await privateRedis();
  });
  afterAll(() => redis.stop());

  it("delivers a link's events to its listeners only, and drops foreign or malformed messages", async () => {
    const clients = createRedisClients(redis.url, silentLogger());
    const other = new Redis(redis.url);
    let malformed = 0;
    const bus = createRedisEventBus(clients.commands, clients.subscriber, { onMalformed: () => malformed++ });
    try {
      const [mine, theirs] = [randomUUID(), randomUUID()];
      const received: string[] = [];
      const stop = bus.listen(mine, (event) => received.push(event.cursor));
      await bus.ready();
      await other.publish(linkTopic(mine), 'not an event');
      await bus.publish(eventOf(theirs, '1')); // nobody here listens to that link
      // A well-formed event of another link, on this link's channel (no cipher given: plain JSON):
      await other.publish(linkTopic(mine), JSON.stringify(eventOf(theirs, '2')));
      await bus.publish(eventOf(mine, '3'));
      await eventually(() => received.length === 1);
      expect(received).toEqual(['3']);
      expect(malformed).toBe(1);
      stop();
      expect(bus.listenerCount()).toBe(0);
      await eventually(async () => (await other.pubsub('NUMSUB', linkTopic(mine)))[1] === 0);
    } finally {
      other.disconnect();
      await clients.close();
    }
  });

  it('stops cleanly with SUBSCRIBEs still waiting for a Redis that is down', async () => {
    const clients = createRedisClients(redis.url, silentLogger());
    try {
      const unhandled = await unhandledRejectionsOf(async () => {
        const bus = createRedisEventBus(clients.commands, clients.subscriber);
        await bus.ready();
        await redis.stop();
        await eventually(() => clients.subscriber.status === 'reconnecting');
        const stop = bus.listen(randomUUID(), () => undefined); // queued until Redis answers
        bus.listen(randomUUID(), () => undefined);
        stop(); // an UNSUBSCRIBE queued too
        const ended = new Promise<void>((resolve) => clients.subscriber.once('end', resolve));
        await clients.close();
        await ended;
      });
      expect(unhandled).toEqual([]);
    } finally {
      await redis.start();
    }
  });
});
