/**
 * `npx tsx test/bench/heap/snapshot.ts [--transport ws|sse] [--links 10000] [--top 15] [--keep]
 * [--compiled DIR] [--out DIR]`:
 * what an idle per-link subscription holds in the gateway's heap, by constructor. The gateway runs
 * in a process of its own (test/bench/push/'s setup: links seeded in the simulator and recorded as
 * the bench principal's); a client process opens one subscription per link (WebSocket: 100 per
 * socket; SSE: one stream each); V8 heap snapshots are taken in the gateway before and after, and
 * the objects the second holds that the first did not are summed per constructor, closure or V8
 * kind. Prints a Markdown table per transport and writes them as JSON to --out (default /tmp).
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freshDatabaseUrl, dropTestDatabases } from '../../support/database.js';
import { BENCH_API_KEY, benchGatewayEnv, startBenchSandbox } from '../environment.js';
import { statsOf, untilIdle, untilSubscribed } from '../push/measure.js';
import { AUTHORIZATION, HISTORICAL_UPDATE } from '../push/setup.js';
import { indexSimulatorByLink, seedWorld } from '../push/simulator-index.js';
import { startWorker, type Worker } from '../push/worker.js';
import {
  growthByConstructor,
  newObjectsByHolder,
  readHeapSnapshot,
  totalBytes,
  type Retainer,
} from './heap-snapshot.js';

type Transport = 'ws' | 'sse';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const transports: Transport[] = option('--transport') ? [option('--transport') as Transport] : ['ws', 'sse'];
const links = Number(option('--links') ?? 10_000);
const top = Number(option('--top') ?? 15);
const out = option('--out') ?? '/tmp';
const keep = args.includes('--keep');
/** --compiled DIR: the gateway from a tsc build of src/ (`tsc -p tsconfig.build.json --outDir DIR`). */
const compiled = option('--compiled');
/** Subscribed and closed before the first snapshot: code compiled, caches and pools made once. */
const WARM_UP = 100;

const started = Date.now();
const log = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

export interface HeapReport {
  transport: Transport;
  subscriptions: number;
  /** heapUsed after two full collections, after − before, per subscription. */
  heapUsedPerSubscription: number;
  /** The snapshots' self sizes summed, after − before, per subscription. */
  snapshotPerSubscription: number;
  /** The new objects' groups, biggest first, with where each closure was made. */
  retainers: Array<Retainer & { place?: string }>;
  /** The new objects by what first holds them: `Object ← GatewayContext.reads`. */
  holders: Retainer[];
  /** How the gateway ran: its sources through tsx, or a tsc build. */
  gateway: 'tsx' | 'compiled';
  load: { start: number[]; end: number[] };
  timestamp: string;
}

async function subscribe(gateway: Worker, url: string, transport: Transport, ids: string[]) {
  const client = startWorker('./client-process.ts');
  await client.call(
    'subscribe',
    { urls: [url], transport, links: ids, perSocket: 100, apiKey: BENCH_API_KEY, query: HISTORICAL_UPDATE },
    600_000,
  );
  await untilSubscribed([gateway], ids.length, 120_000);
  return client;
}

async function measure(belvoUrl: string, transport: Transport, ids: string[], warmUp: string[]) {
  const load = { start: loadavg(), end: [] as number[] };
  const gateway = startWorker(
    '../heap/gateway-process.ts',
    [],
    compiled ? { HEAP_GATEWAY_DIST: compiled } : {},
  );
  try {
    const env = benchGatewayEnv(belvoUrl, {
      WEBHOOK_AUTHORIZATION: AUTHORIZATION,
      DATABASE_URL: await freshDatabaseUrl(),
    });
    const { url } = await gateway.call<{ url: string }>('start', { env }, 120_000);
    await gateway.call('record', { ids: [...ids, ...warmUp] }, 300_000);
    const warm = await subscribe(gateway, url, transport, warmUp);
    await warm.stop();
    await untilSubscribed([gateway], 0, 60_000);
    await untilIdle([gateway], 30_000);
    const files = {
      before: join(out, `heap-${transport}-before.heapsnapshot`),
      after: join(out, `heap-${transport}-after.heapsnapshot`),
    };
    const heapBefore = (await statsOf([gateway], true))[0]!.heapBytes;
    await gateway.call('snapshot', { path: files.before }, 600_000);
    log(`${transport}: snapshot before taken; subscribing ${ids.length}`);
    const client = await subscribe(gateway, url, transport, ids);
    const idle = await untilIdle([gateway], 60_000);
    log(`${transport}: ${ids.length} subscriptions open, idle after ${idle.toFixed(1)} s`);
    const heapAfter = (await statsOf([gateway], true))[0]!.heapBytes;
    await gateway.call('snapshot', { path: files.after }, 600_000);
    log(`${transport}: snapshot after taken; reading both`);
    const before = readHeapSnapshot(files.before);
    const after = readHeapSnapshot(files.after);
    const groups = growthByConstructor(before, after).slice(0, top);
    const holders = newObjectsByHolder(before, after).slice(0, top);
    const scripts = JSON.parse(readFileSync(`${files.after}.scripts.json`, 'utf8')) as Record<string, string>;
    const closures = groups.filter((group) => group.location);
    const { places } = await gateway.call<{ places: string[] }>('locate', {
      places: closures.map(({ location: [script, line, column] = [0, 0, 0] }) => [
        scripts[String(script)] ?? '',
        line,
        column,
      ]),
    });
    const placeOf = new Map(closures.map((group, i) => [group, places[i]!.replace(/^.*\/work\/main\//, '')]));
    await client.stop();
    if (!keep) for (const file of Object.values(files)) rmSync(file, { force: true });
    if (!keep) rmSync(`${files.before}.scripts.json`, { force: true });
    if (!keep) rmSync(`${files.after}.scripts.json`, { force: true });
    load.end = loadavg();
    return {
      transport,
      gateway: compiled ? 'compiled' : 'tsx',
      subscriptions: ids.length,
      heapUsedPerSubscription: (heapAfter - heapBefore) / ids.length,
      snapshotPerSubscription: (totalBytes(after) - totalBytes(before)) / ids.length,
      retainers: groups.map((group) => ({ ...group, place: placeOf.get(group) })),
      holders,
      load,
      timestamp: new Date().toISOString(),
    } satisfies HeapReport;
  } finally {
    await gateway.stop();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);

function toMarkdown(report: HeapReport): string {
  const n = report.subscriptions;
  const rows = report.retainers.map(
    (r) =>
      `| ${r.name.replace(/\|/g, '\\|')}${r.place ? ` (${r.place})` : ''} | ${r.count} | ${(r.count / n).toFixed(2)} | ${(r.bytes / n).toFixed(0)} |`,
  );
  return [
    `**${report.transport === 'ws' ? 'WebSocket' : 'SSE'}, ${n} idle per-link subscriptions, gateway ${report.gateway}**: heapUsed ${kb(report.heapUsedPerSubscription)} KB per subscription, snapshot ${kb(report.snapshotPerSubscription)} KB (load ${report.load.start.map((l) => l.toFixed(2)).join(' ')} → ${report.load.end.map((l) => l.toFixed(2)).join(' ')})`,
    '',
    '| constructor / closure / V8 kind | new objects | per subscription | bytes per subscription |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '| new objects ← first holder.field | count | per subscription | bytes per subscription |',
    '| --- | --- | --- | --- |',
    ...report.holders.map(
      (r) =>
        `| ${r.name.replace(/\|/g, '\\|')} | ${r.count} | ${(r.count / n).toFixed(2)} | ${(r.bytes / n).toFixed(0)} |`,
    ),
  ].join('\n');
}

async function main() {
  mkdirSync(out, { recursive: true });
  const sandbox = await startBenchSandbox(0);
  try {
    log(`seeding ${links + WARM_UP} links in the simulator`);
    const all = seedWorld(sandbox, links + WARM_UP);
    indexSimulatorByLink(sandbox);
    const ids = all.slice(0, links);
    const warmUp = all.slice(links);
    for (const transport of transports) {
      const report = await measure(sandbox.url, transport, ids, warmUp);
      writeFileSync(
        join(out, `heap-${transport}-${compiled ? 'compiled' : 'tsx'}.json`),
        `${JSON.stringify(report, null, 2)}\n`,
      );
      console.log(`${toMarkdown(report)}\n`);
    }
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
