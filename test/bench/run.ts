/**
 * `npm run bench [-- --quick] [-- --out DIR]`: upstream cost, gateway overhead and subscription
 * fan-out, side by side in one run, against the simulator with realistic latency. Everything
 * targets 127.0.0.1, is bounded in count and time, and stops by itself. Writes latest.json and
 * latest.md (machine info, timestamp, targets) and prints the Markdown.
 */
import { dropTestDatabases } from '../support/database.js';
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { seedLinks, startBenchSandbox } from './environment.js';
import { measureFanout } from './fanout.js';
import { measureOverhead } from './overhead.js';
import { evaluateTargets, toMarkdown, type BenchResults } from './report.js';
import { measurePagination, measureUpstreamCost } from './upstream-cost.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1]! : new URL('./results/', import.meta.url).pathname;
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const plan = quick
  ? { sizes: [1, 10], runs: 1, pages: 2, overheadSeconds: 1, fanout: [1, 100], events: 2, links: 100 }
  : {
      sizes: [1, 10, 50, 200],
      runs: 3,
      pages: 4,
      overheadSeconds: 5,
      fanout: [1, 100, 1_000, 10_000],
      events: 5,
      links: 200,
    };

const started = Date.now();
const log = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

async function redisAvailable(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function main() {
  log(`benchmark${quick ? ' (quick)' : ''}: upstream latency ${latencyMs} ms, results to ${outDir}`);
  const sandbox = await startBenchSandbox(latencyMs);
  const redis = (await redisAvailable(redisUrl)) ? redisUrl : undefined;
  if (!redis) log(`Redis not answering at ${redisUrl}: the two-instance fan-out is skipped`);
  try {
    log(`seeding ${plan.links} links in the simulator`);
    const links = await seedLinks(sandbox, plan.links);
    log('1. upstream cost');
    const upstreamCost = await measureUpstreamCost(sandbox, plan.sizes, plan.runs, log);
    log('4. growth with page count');
    const pagination = await measurePagination(sandbox, plan.pages, log);
    log('2. gateway overhead');
    const overhead = await measureOverhead(sandbox, links[0]!, plan.overheadSeconds, log);
    log('3. subscription fan-out');
    const fanout = await measureFanout(sandbox, links[1]!, plan.fanout, plan.events, redis, log);

    const partial = {
      timestamp: new Date().toISOString(),
      quick,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      },
      settings: { upstreamLatencyMs: latencyMs, redis: redis ?? null, overheadSeconds: plan.overheadSeconds },
      upstreamCost,
      pagination,
      overhead,
      fanout,
    };
    const results: BenchResults = {
      ...partial,
      targets: evaluateTargets(partial),
      durationSeconds: (Date.now() - started) / 1000,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    const markdown = toMarkdown(results);
    writeFileSync(join(outDir, 'latest.md'), markdown);
    console.log(markdown);
    log(`done in ${results.durationSeconds.toFixed(0)} s`);
  } finally {
    await sandbox.stop();
    await dropTestDatabases();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
