import { describe, expect, it } from 'vitest';
import { GRAPHQL_PATH, WEBHOOK_PATH } from '../../src/app/app.js';
import { loadConfig } from '../../src/config.js';
import { renderBanner, startupBanner } from '../../src/app/startup-banner.js';
import { freePort } from '../support/ports.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

/** The banner main.ts prints, for an in-process gateway. */
const bannerOf = async (gateway: Gateway) => (await startupBanner(gateway.app, gateway.url, 2_000)).banner;

describe('the startup banner and its logs', () => {
  it('says Redis is unreachable, and logs about it once per connection, then one summary per interval', async () => {
    const port = await freePort();
    const gateway = await startGateway({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_REPEAT_SUMMARY_MS: '1000',
    });
    try {
      const banner = await bannerOf(gateway);
      expect(banner).toMatch(/gateway is up, DEGRADED \(redis failing\)/);
      expect(banner).toMatch(
        new RegExp(`Cache: +redis at 127\\.0\\.0\\.1:${port} · ✗ unreachable \\(ECONNREFUSED`),
      );
      expect(banner).toMatch(/Events, pub\/sub: +redis at .* · ✗ unreachable/);
      expect(banner).toMatch(/Belvo upstream: .* · keys accepted/);
      expect(banner).toMatch(/Database: +PostgreSQL at .* · ok/);

      // Wait for three summaries per connection: ioredis retries every few hundred ms meanwhile.
      // What an operator sees at the default level (info), not the tests' debug lines.
      const logs = () =>
        gateway.logLines
          .flatMap((chunk) => chunk.split('\n'))
          .filter((line) => line.startsWith('{'))
          .map(
            (line) => JSON.parse(line) as { level: number; msg: string; source?: string; failures?: number },
          )
          .filter((line) => line.level >= 30);
      await eventually(
        () => logs().filter((line) => line.msg === 'Redis connection still failing').length >= 6,
        20_000,
      );
      const redisLines = logs().filter((line) => /redis/i.test(JSON.stringify(line)));
      const first = redisLines.filter((line) => line.msg.startsWith('Redis connection failing'));
      const summaries = redisLines.filter((line) => line.msg === 'Redis connection still failing');
      expect(first.map((line) => line.source).sort()).toEqual(['commands', 'subscriber']);
      // Summarised, not one line per failure: every summary stands for at least one failure since
      // its connection's previous line, and together they stand for more failures than lines.
      for (const source of ['commands', 'subscriber']) {
        const counts = summaries.filter((line) => line.source === source).map((line) => line.failures ?? 0);
        expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
        expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(counts.length);
      }
      // So at the default interval (60 s), a minute of Redis down is: 2 first lines, the start
      // warning, the budget's one notice that it counts in process, and 2 summaries per minute.
      const others = redisLines.length - first.length - summaries.length;
      expect(others).toBeLessThanOrEqual(2);
      // (+ 1: the start warning, which main.ts logs and an in-process gateway does not.)
      expect(first.length + others + 1 + 2 * Math.ceil(60_000 / 60_000)).toBeLessThan(10);
      // No stack traces: inside a JSON line, a stack's line breaks are escaped (`\n    at …`).
      expect(gateway.logLines.join('')).not.toMatch(/\\n\s+at /);
    } finally {
      await gateway.stop();
    }
  });

  it('says Belvo refused the keys, with what to check', async () => {
    const gateway = await startGateway();
    try {
      gateway.sandbox.faults.inject({ kind: 'auth_failure', times: 10 });
      const banner = await bannerOf(gateway);
      expect(banner).toMatch(/NOT READY \(belvo failing/);
      expect(banner).toMatch(/Belvo upstream: .* · ✗ keys refused \(HTTP 401\): check BELVO_SECRET_ID/);
    } finally {
      await gateway.stop();
    }
  });

  it('prints no explorer URL when the explorer is off (NODE_ENV=production)', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    const banner = renderBanner({
      config,
      url: 'http://127.0.0.1:4000',
      webhookPath: WEBHOOK_PATH,
      graphqlPath: GRAPHQL_PATH,
      sandboxUrl: 'http://127.0.0.1:1',
      cacheBackend: 'memory',
      busBackend: 'memory',
      statuses: [],
    });
    expect(banner).toMatch(/GraphQL explorer: +off \(GRAPHQL_EXPLORER=true serves it/);
    expect(banner).not.toMatch(/GraphQL explorer: +http/);
  });
});
