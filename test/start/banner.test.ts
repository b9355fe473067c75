import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GRAPHQL_PATH, WEBHOOK_PATH } from '../../src/app/app.js';
import { renderBanner } from '../../src/operations/banner.js';
import { loadConfig } from '../../src/config.js';
import { probeDependencies } from '../../src/operations/dependency-status.js';
import { startGateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * How long a spawned process may take to start or finish before the test gives up on it: a limit
 * for failing, never an expectation (a loaded 2-core machine takes tens of seconds to start one).
 * Test timeouts allow three of them.
 */
const PROCESS_DEADLINE_MS = 90_000;

/** A port nothing listens on (taken from the OS, then released). */
const unusedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the startup banner and its logs', () => {
  it('says Redis is unreachable, and logs about it once per connection, then one summary per interval', async () => {
    const port = await unusedPort();
    const summaryMs = 1_000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        REDIS_URL: `redis://127.0.0.1:${port}`,
        LOG_REPEAT_SUMMARY_MS: String(summaryMs),
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await eventually(() => stdout.includes('Health, metrics:'), PROCESS_DEADLINE_MS);
      expect(stdout).toMatch(/gateway is up, DEGRADED \(redis failing\)/);
      expect(stdout).toMatch(
        new RegExp(`Cache: +redis at 127\\.0\\.0\\.1:${port} · ✗ unreachable \\(ECONNREFUSED`),
      );
      expect(stdout).toMatch(/Events, pub\/sub: +redis at .* · ✗ unreachable/);
      expect(stdout).toMatch(/Belvo upstream: .* · keys accepted/);
      expect(stdout).toMatch(/Database: +PGlite in memory .* · ok/);

      // Wait for three summaries per connection: ioredis retries every few hundred ms meanwhile.
      const logs = () =>
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { msg: string; source?: string; failures?: number });
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
      expect(first.length + others + 2 * Math.ceil(60_000 / 60_000)).toBeLessThan(10);
      expect(stdout).not.toMatch(/\n\s+at /); // no stack traces
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 270_000);

  it('says Belvo refused the keys, with what to check', async () => {
    const gateway = await startGateway();
    try {
      gateway.sandbox.faults.inject({ kind: 'auth_failure', times: 10 });
      const statuses = await probeDependencies(gateway.app.checks, 2_000);
      const banner = renderBanner({
        config: gateway.app.config,
        url: gateway.url,
        webhookPath: WEBHOOK_PATH,
        graphqlPath: GRAPHQL_PATH,
        sandboxUrl: gateway.sandbox.url,
        cacheBackend: 'memory',
        busBackend: 'memory',
        statuses,
      });
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
