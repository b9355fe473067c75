import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from './report.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The quick benchmark runs end to end and writes well-formed results; no timing is asserted. */
describe('npm run bench -- --quick', () => {
  it('measures every section and writes JSON and Markdown results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-'));
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', 'test/bench/run.ts', '--quick', '--out', out],
        { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, timeout: 90_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
      ),
    );
    const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
    expect(results.quick).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(new Date(results.timestamp).getTime()).not.toBeNaN();

    expect(results.upstreamCost.map((row) => `${row.links}:${row.implementation}`)).toEqual([
      '1:gateway',
      '1:naive',
      '1:datasource',
      '10:gateway',
      '10:naive',
      '10:datasource',
    ]);
    // Request counts are counts, not timings: they must hold exactly.
    const gateway10 = results.upstreamCost.find(
      (row) => row.links === 10 && row.implementation === 'gateway',
    )!;
    const naive10 = results.upstreamCost.find((row) => row.links === 10 && row.implementation === 'naive')!;
    expect([gateway10.coldRequests, gateway10.warmRequests, naive10.coldRequests]).toEqual([3, 0, 21]);
    expect(results.pagination.map((row) => row.requests)).toEqual([3, 6]);

    expect(results.overhead).toHaveLength(3);
    for (const row of results.overhead) {
      expect(row.requestsPerSecond).toBeGreaterThan(0);
      expect(row.errors).toBe(0);
    }
    expect(results.fanout.map((row) => [row.setup, row.subscribers, row.deliveries])).toEqual([
      ['one instance, memory pub/sub', 1, 2],
      ['one instance, memory pub/sub', 100, 200],
      ['two instances, Redis pub/sub', 1, 2],
      ['two instances, Redis pub/sub', 100, 200],
    ]);
    expect(results.targets.length).toBeGreaterThan(3);
    const markdown = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(markdown).toContain('## Upstream cost');
    expect(markdown).toContain('## Subscription fan-out');
  }, 120_000);
});
