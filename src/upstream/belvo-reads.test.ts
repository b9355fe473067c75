import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoClient } from '../belvo/client.js';
import { InvalidItemError } from '../belvo/errors.js';
import type { BelvoSandbox } from '../sandbox/server.js';
import { clientFor, startSandbox } from '../../test/support/sandbox.js';
import { BelvoReads } from './belvo-reads.js';
import { ReadScheduler } from './read-scheduler.js';

const DAY_1 = '2026-03-01';
const DAY_5 = '2026-03-05';

describe('range reads through the scheduler', () => {
  let sandbox: BelvoSandbox;
  let belvo: BelvoClient;
  let clock = new Date(`${DAY_1}T12:00:00Z`);
  const links: string[] = [];

  beforeAll(async () => {
    let url: string;
    ({ sandbox, url } = await startSandbox({ extractionDelayMs: 600_000, now: () => clock }));
    belvo = clientFor(url);
    // One link whose employments were stored on day 1, one on day 5.
    for (const day of [DAY_1, DAY_5]) {
      clock = new Date(`${day}T12:00:00Z`);
      const link = sandbox.world.createLink({
        username: day === DAY_1 ? '1800000001' : '1800000005',
        access_mode: 'recurrent',
        fetch_resources: ['EMPLOYMENTS'],
        external_id: null,
        credentials_storage: 'store',
        stale_in: '365d',
      });
      sandbox.world.extractNow(link.id, 'EMPLOYMENTS');
      links.push(link.id);
    }
  });
  afterAll(async () => {
    await belvo.close();
    await sandbox.stop();
  });

  it('share one call over the union of their days, each ask keeping its own link and days', async () => {
    const reads = new BelvoReads(belvo, new ReadScheduler({ maxPerCall: 50, callTimeoutMs: 3_000 }));
    sandbox.resetCounters();
    const options = { priority: 'push', deadline: Date.now() + 5_000 } as const;
    const [first, second, empty] = await Promise.all([
      reads.newEmployments({ linkId: links[0]!, since: DAY_1, until: DAY_1 }, options),
      reads.newEmployments({ linkId: links[1]!, since: DAY_5, until: DAY_5 }, options),
      // Day 5 of the first link: stored on day 1 only, so nothing, although the call covered day 5.
      reads.newEmployments({ linkId: links[0]!, since: DAY_5, until: DAY_5 }, options),
    ]);
    const days = (items: typeof first) =>
      items.map((item) =>
        item instanceof InvalidItemError ? 'invalid' : `${item.link}@${item.created_at?.slice(0, 10)}`,
      );
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(new Set(days(first))).toEqual(new Set([`${links[0]}@${DAY_1}`]));
    expect(new Set(days(second))).toEqual(new Set([`${links[1]}@${DAY_5}`]));
    expect(empty).toEqual([]);
    expect(sandbox.requests).toHaveLength(1);
    const query = new URL(sandbox.requests[0]!.url, 'http://x').searchParams;
    expect(query.get('created_at__range')).toBe(`${DAY_1},${DAY_5}`);
    expect(query.get('link__in')?.split(',').sort()).toEqual([...links].sort());
  });
});
