/**
 * `npm run bench [-- --quick] [-- --out DIR] [-- --only push|fanout|budget|retention|soak|paused]`: upstream cost, gateway
 * overhead and subscription fan-out, side by side in one run, against the simulator with realistic
 * latency and without Belvo's rate limit (CPU only); then the budget section, against simulators
 * enforcing Belvo's 80 requests / 30 s (test/bench/budget/); then retention, on a PostgreSQL event
 * log filled to a month of a large lender's traffic (test/bench/retention/); then the soak, the
 * gateway on PostgreSQL held for minutes under steady webhooks and subscribers (test/bench/soak/). Everything
 * targets 127.0.0.1, is bounded in count and time, and stops by itself. Writes latest.json and
 * latest.md (machine info, timestamp, targets) and prints the Markdown.
 */
import { dropTestDatabases } from '../support/database.js';
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { measureBudget, type BudgetResults } from './budget/budget.js';
import { budgetPlan } from './budget/plan.js';
import { seedLinks, startBenchSandbox } from './environment.js';
import { measureFanout } from './fanout.js';
import { measureOverhead } from './overhead.js';
import { measurePush, type PushPlan } from './push/push.js';
import { measureRetention, type RetentionPlan } from './retention/retention.js';
import { soakPlan } from './soak/plan.js';
import { measureSoak } from './soak/soak.js';
import { measurePaused, type PausedPlan } from './paused/paused.js';
import { evaluateTargets, toMarkdown, type BenchResults } from './report.js';
import { measurePagination, measureUpstreamCost } from './upstream-cost.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1]! : new URL('./results/', import.meta.url).pathname;
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A list of numbers from the environment (e.g. BENCH_PUSH_LINKS=1000,10000), else `fallback`. */
const numbers = (name: string, fallback: number[]) =>
  process.env[name]
    ? process.env[name]
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : fallback;

const pushPlan: PushPlan = {
  links: numbers('BENCH_PUSH_LINKS', quick ? [100] : [1_000, 10_000]),
  rates: numbers('BENCH_PUSH_RATES', quick ? [50] : [50, 100, 150, 200, 300, 1_000]),
  rounds: numbers('BENCH_PUSH_ROUNDS', [quick ? 1 : 3])[0]!,
  seconds: numbers('BENCH_PUSH_SECONDS', [quick ? 1 : 2])[0]!,
  floorLinks: numbers('BENCH_PUSH_FLOOR_LINKS', quick ? [100] : [10_000]),
  twoInstanceLinks: numbers('BENCH_PUSH_TWO_LINKS', quick ? [100] : [10_000]),
  // 10,000 SSE streams work (30 s to open on a loaded machine): BENCH_PUSH_SSE_LINKS=1000,10000.
  sseLinks: numbers('BENCH_PUSH_SSE_LINKS', quick ? [100] : [1_000]),
  broadcastSubscribers: numbers('BENCH_PUSH_BROADCAST', quick ? [100] : [10_000]),
  broadcastRate: 2,
};
/** Against the simulator enforcing Belvo's limit (80 / 30 s), the gateway's budget at its defaults. */
const budget = budgetPlan(quick, numbers);
/** A month of events in PostgreSQL: 5 million of 500,000 links (BENCH_RETENTION_EVENTS, _LINKS). */
const retentionPlan: RetentionPlan = {
  events: numbers('BENCH_RETENTION_EVENTS', [quick ? 50_000 : 5_000_000])[0]!,
  links: numbers('BENCH_RETENTION_LINKS', [quick ? 5_000 : 500_000])[0]!,
  replays: quick ? 100 : 1_000,
};
/** At least 3 minutes: 1,000 subscribers, 50 webhooks/s (BENCH_SOAK_SECONDS, _LINKS, _RATE); `--quick`: 5 s, 20 links. */
const soak = soakPlan(quick, numbers);
/** Issue 24: 10 paused sockets against 1,000 subscribers at 50 webhooks/s, 3 rounds of 30 s each way. */
const paused: PausedPlan = {
  links: numbers('BENCH_PAUSED_LINKS', [quick ? 20 : 1_000])[0]!,
  paused: numbers('BENCH_PAUSED_SOCKETS', [10])[0]!,
  rate: numbers('BENCH_PAUSED_RATE', [quick ? 10 : 50])[0]!,
  seconds: numbers('BENCH_PAUSED_SECONDS', [quick ? 3 : 30])[0]!,
  rounds: quick ? 1 : 3,
};
/** `--only push`, `--only fanout`, `--only budget`, `--only retention`, `--only soak` or `--only paused`: that section alone (for working on it); the others report nothing. */
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const plan = quick
  ? {
      sizes: [1, 10],
      runs: 1,
      pages: 2,
      overheadSeconds: 1,
      fanout: [1, 100],
      fanoutSse: [100],
      events: 2,
      links: 100,
    }
  : {
      sizes: [1, 10, 50, 200],
      runs: 3,
      pages: 4,
      overheadSeconds: 5,
      fanout: numbers('BENCH_FANOUT', [1, 100, 1_000, 10_000]),
      fanoutSse: numbers('BENCH_FANOUT_SSE', [1_000, 10_000]),
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
  const loadAtStart = loadavg();
  log(`benchmark${quick ? ' (quick)' : ''}: upstream latency ${latencyMs} ms, results to ${outDir}`);
  const sandbox = await startBenchSandbox(latencyMs);
  const redis = (await redisAvailable(redisUrl)) ? redisUrl : undefined;
  if (!redis) log(`Redis not answering at ${redisUrl}: the two-instance fan-out is skipped`);
  try {
    const run = !only;
    log(`seeding ${plan.links} links in the simulator`);
    const links = await seedLinks(sandbox, plan.links);
    if (run) log('1. upstream cost');
    const upstreamCost = run ? await measureUpstreamCost(sandbox, plan.sizes, plan.runs, log) : [];
    if (run) log('4. growth with page count');
    const pagination = run ? await measurePagination(sandbox, plan.pages, log) : [];
    if (run) log('2. gateway overhead');
    const overhead = run ? await measureOverhead(sandbox, links[0]!, plan.overheadSeconds, log) : [];
    const fans = !only || only === 'fanout';
    if (fans) log('3. subscription fan-out');
    const fanout = fans
      ? await measureFanout(sandbox, links[1]!, plan.fanout, plan.fanoutSse, plan.events, redis, log)
      : [];
    const pushes = !only || only === 'push';
    if (pushes) log('5. realistic push: waiting links, webhooks at a steady rate');
    const push = pushes
      ? await measurePush(sandbox, pushPlan, redis, log)
      : { plan: pushPlan, rows: [], failures: [], load: { start: [], end: [] }, seconds: 0 };
    const budgets = !only || only === 'budget';
    if (budgets)
      log(
        "6. Belvo's budget: the simulator enforcing 80 requests / 30 s, the gateway's budget at its defaults",
      );
    const budgetResults: BudgetResults | undefined = budgets
      ? await measureBudget(budget, latencyMs, log)
      : undefined;
    const retains = !only || only === 'retention';
    if (retains) log('7. retention: a month of events in PostgreSQL, its oldest day pruned, replays timed');
    const retention = retains ? await measureRetention(retentionPlan, log) : undefined;
    const soaks = !only || only === 'soak';
    if (soaks)
      log(
        `8. soak: ${soak.links} subscribers, ${soak.rate} webhooks/s for ${soak.seconds} s, the gateway on PostgreSQL (no Belvo limit)`,
      );
    const soakResults = soaks ? await measureSoak(soak, latencyMs, log) : undefined;
    const pauses = !only || only === 'paused';
    if (pauses)
      log(
        `9. paused sockets: ${paused.paused} sockets that stop reading, ${paused.links} subscribers, ${paused.rate} webhooks/s (no Belvo limit)`,
      );
    const pausedResults = pauses ? await measurePaused(paused, latencyMs, log) : undefined;

    const partial = {
      timestamp: new Date().toISOString(),
      quick,
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        loadAverage: { start: loadAtStart, end: loadavg() },
      },
      settings: { upstreamLatencyMs: latencyMs, redis: redis ?? null, overheadSeconds: plan.overheadSeconds },
      upstreamCost,
      pagination,
      overhead,
      fanout,
      push,
      budget: budgetResults,
      retention,
      soak: soakResults,
      paused: pausedResults,
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
