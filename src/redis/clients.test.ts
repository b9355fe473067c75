import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCuttingProxy } from '../../test/support/cutting-proxy.js';
import { privateRedis, type PrivateRedis } from '../../test/support/redis-server.js';
import { eventually } from '../../test/support/sandbox.js';
import { unhandledRejectionsOf } from '../../test/support/unhandled.js';
import { silentLogger } from '../observability/logger.js';
import { createRedisClients } from './clients.js';

describe('the Redis clients', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await privateRedis();
  });
  afterAll(() => redis.stop());

  // On reconnect the subscriber re-subscribes its channels by itself. ioredis 5 sent that SUBSCRIBE
  // without a rejection handler: closed before Redis answered it (a shutdown during a Redis outage),
  // it was rejected unhandled, and an unhandled rejection ends a Node process.
  it('close cleanly while the subscriber waits on its own re-subscription', async () => {
    const proxy = await startCuttingProxy(redis.url);
    const admin = new Redis(redis.url);
    try {
      const unhandled = await unhandledRejectionsOf(async () => {
        const clients = createRedisClients(proxy.url, silentLogger());
        await clients.subscriber.subscribe('channel-of-the-test');
        proxy.silenceAfter('subscribe');
        const readyAgain = new Promise<void>((resolve) => clients.subscriber.once('ready', resolve));
        await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub'); // the subscriber reconnects through the proxy
        await readyAgain;
        await eventually(() => proxy.cuts() > 0); // Redis answered the re-SUBSCRIBE; the client waits
        const ended = new Promise<void>((resolve) => clients.subscriber.once('end', resolve));
        await clients.close();
        await ended;
      });
      expect(unhandled).toEqual([]);
    } finally {
      admin.disconnect();
      await proxy.stop();
    }
  });
});
