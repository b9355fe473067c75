import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { BelvoSandbox } from '../../../src/sandbox/server.js';
import { BENCH_API_KEY } from '../environment.js';
import {
  runRound,
  spread,
  statsOf,
  untilSubscribed,
  type RoundResult,
  type Spread,
  type Target,
  untilIdle,
} from './measure.js';
import { indexSimulatorByLink, seedWorld } from './simulator-index.js';
import { floor, oneGateway, twoGateways, type Server } from './servers.js';
import { startWorker } from './worker.js';

/** The README's `historicalUpdate` selection, with each event's `id` to time it by. */
export const HISTORICAL_UPDATE = `subscription ($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate { id total employments { employerData { name tenure } } }
    ... on OwnersHistoricalUpdate { id owners { displayName } }
  }
}`;

export interface PushPlan {
  /** Waiting links, one subscriber each, for the gateway on one instance over WebSocket. */
  links: number[];
  /** Webhooks per second. */
  rates: number[];
  rounds: number;
  /** Seconds of sending per round. */
  seconds: number;
  floorLinks: number[];
  twoInstanceLinks: number[];
  sseLinks: number[];
  /** The one-link broadcast beside the floors: this many subscribers of one link, at `broadcastRate`. */
  broadcastSubscribers: number[];
  broadcastRate: number;
}

export type PushSetup = Server['setup'];

export interface PushRow {
  setup: PushSetup;
  transport: 'WebSocket' | 'SSE';
  /** Distinct links subscribed to. */
  links: number;
  /** Subscriptions: one per link, or all on one link in the broadcast. */
  subscribers: number;
  rate: number;
  rounds: number;
  webhooksPerRound: number;
  /** The worst round's share of pushes that arrived within 5 s of the last webhook. */
  delivered: number;
  /** The server fell over a second of webhooks behind in some round (sending stopped early). */
  overloaded: boolean;
  answerP50Ms: Spread;
  answerP99Ms: Spread;
  pushP50Ms: Spread;
  pushP99Ms: Spread;
  pushMaxMs: Spread;
  upstreamPerWebhook: Spread;
  cpuPercent: Spread;
  rssMiB: Spread;
  /** Heap of the server after a full collection, per idle subscription (one process only). */
  heapBytesPerSubscription: number | null;
  subscribeSeconds: number;
  failures: string[];
}

export interface PushResults {
  plan: PushPlan;
  rows: PushRow[];
  /** Setups that could not be measured, and why. */
  failures: string[];
  /** os.loadavg() (1, 5, 15 min) when the section started and ended. */
  load: { start: number[]; end: number[] };
  seconds: number;
}

const PER_SOCKET = 100;
const AUTHORIZATION = `Bearer ${randomBytes(16).toString('hex')}`;
type Log = (line: string) => void;

function toRow(
  server: Server,
  transport: PushRow['transport'],
  links: readonly string[],
  rate: number,
  rounds: RoundResult[],
) {
  const of = (pick: (round: RoundResult) => number) => spread(rounds.map(pick));
  return {
    setup: server.setup,
    transport,
    links: new Set(links).size,
    subscribers: links.length,
    rate,
    rounds: rounds.length,
    webhooksPerRound: rounds[0]!.webhooks,
    delivered: Math.min(...rounds.map((round) => round.delivered / round.expected)),
    overloaded: rounds.some((round) => round.overloaded),
    answerP50Ms: of((r) => r.answerP50Ms),
    answerP99Ms: of((r) => r.answerP99Ms),
    pushP50Ms: of((r) => r.pushP50Ms),
    pushP99Ms: of((r) => r.pushP99Ms),
    pushMaxMs: of((r) => r.pushMaxMs),
    upstreamPerWebhook: of((r) => r.upstreamPerWebhook),
    cpuPercent: of((r) => r.cpuPercent),
    rssMiB: of((r) => r.rssMiB),
    failures: [...new Set(rounds.flatMap((round) => round.failures))].slice(0, 3),
  };
}

let offset = 0;

/** Way past the target (overloaded, push p99 over 1 s, or pushes lost): more rounds would only cost time. */
const farOver = (round: RoundResult) =>
  round.overloaded || round.pushP99Ms > 1_000 || round.delivered < 0.9 * round.expected;

async function roundsAt(target: Target, links: readonly string[], rate: number, plan: PushPlan) {
  const rounds: RoundResult[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    rounds.push(await runRound(target, links, rate, plan.seconds, offset));
    offset += Math.ceil((rate * plan.seconds) / 2);
    if (farOver(rounds[0]!)) break;
  }
  return rounds;
}

/** `count` subscribers (a client process of their own), then every rate for `plan.rounds` rounds. */
async function measureSetup(
  server: Server,
  transport: PushRow['transport'],
  links: readonly string[],
  plan: PushPlan,
  log: Log,
): Promise<PushRow[]> {
  const heap = server.workers.length === 1;
  await untilSubscribed(server.workers, 0, 30_000);
  const before = heap ? (await statsOf(server.workers, true))[0]!.heapBytes : 0;
  const client = startWorker('./client-process.ts');
  const rows: PushRow[] = [];
  try {
    const { seconds } = await client.call<{ seconds: number }>(
      'subscribe',
      {
        urls: server.subscribeUrls,
        transport: transport === 'SSE' ? 'sse' : 'ws',
        links,
        perSocket: PER_SOCKET,
        apiKey: BENCH_API_KEY,
        query: HISTORICAL_UPDATE,
      },
      300_000,
    );
    await untilSubscribed(server.workers, links.length, 60_000).catch(async (error: Error) => {
      const seen = await client.call<{ errors: number; firstError?: string }>('collect');
      throw new Error(
        `${error.message} (client: ${seen.errors} errors, first: ${seen.firstError ?? 'none'})`,
      );
    });
    if (process.env.BENCH_PROFILE_IDLE)
      await server.workers[0]!.call('profile', { ms: 5_000, path: process.env.BENCH_PROFILE_IDLE });
    const idle = await untilIdle(server.workers, 30_000);
    log(
      `  push: ${server.setup}, ${links.length} subscriptions over ${transport} open in ${seconds.toFixed(1)} s, server idle ${idle.toFixed(1)} s later, ${(await statsOf(server.workers)).reduce((sum, stats) => sum + stats.upstreamRequests, 0)} upstream requests so far`,
    );
    const after = heap ? (await statsOf(server.workers, true))[0]!.heapBytes : 0;
    const target = {
      servers: server.workers,
      webhookUrl: server.webhookUrl,
      authorization: AUTHORIZATION,
      client,
    };
    // Unmeasured: the first pushes pay for JIT compilation and for connections (upstream, Redis).
    // Not in a one-round (quick) run, which is a smoke test.
    if (plan.rounds > 1) {
      await runRound(target, links, plan.rates[0]!, 1, offset);
      offset += plan.rates[0]!;
    }
    for (const rate of plan.rates) {
      const profiling = process.env.BENCH_PROFILE_ROUND
        ? server.workers[0]!.call('profile', { ms: 3_000, path: process.env.BENCH_PROFILE_ROUND })
        : undefined;
      const rounds = await roundsAt(target, links, rate, plan);
      await profiling;
      const row = {
        ...toRow(server, transport, links, rate, rounds),
        heapBytesPerSubscription: heap ? Math.max(0, (after - before) / links.length) : null,
        subscribeSeconds: seconds,
      };
      log(
        `  push: ${server.setup}, ${transport}, ${links.length} subscribers of ${new Set(links).size} links, ${rate}/s: push p99 ${row.pushP99Ms.median.toFixed(1)} ms, ` +
          `answer p99 ${row.answerP99Ms.median.toFixed(1)} ms, delivered ${(row.delivered * 100).toFixed(1)}%${row.failures[0] ? `, ${row.failures[0]}` : ''}`,
      );
      rows.push(row);
      if (farOver(rounds[0]!)) {
        row.failures.push('far over the target: fewer rounds, higher rates not run');
        break;
      }
    }
  } finally {
    await client.stop();
  }
  return rows;
}

/** Runs `measure` on a server started by `start`, and stops it whatever happens. */
async function on(start: () => Promise<Server>, measure: (server: Server) => Promise<PushRow[]>, log: Log) {
  const started = Date.now();
  const server = await start();
  log(`  push: ${server.setup} started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    return await measure(server);
  } finally {
    await server.stop();
  }
}

/**
 * The realistic push workload: N waiting links with one subscriber each, webhooks at a steady rate
 * spread over them, each push resolving the link's data from the simulator (with its latency); the
 * gateway on one instance and on two over Redis, over WebSocket and SSE, beside two floors.
 */
export async function measurePush(
  sandbox: BelvoSandbox,
  plan: PushPlan,
  redisUrl: string | undefined,
  log: Log,
): Promise<PushResults> {
  const started = Date.now();
  const load = { start: loadavg(), end: [] as number[] };
  const most = Math.max(...plan.links, ...plan.floorLinks, ...plan.twoInstanceLinks, ...plan.sseLinks);
  log(`  push: seeding ${most} links in the simulator`);
  const all = seedWorld(sandbox, most);
  indexSimulatorByLink(sandbox);
  const rows: PushRow[] = [];
  const failures: string[] = [];
  /** A setup that fails is noted, and the section goes on with the next. */
  const orNote = async (server: Server, transport: PushRow['transport'], links: string[], at = plan) => {
    try {
      return await measureSetup(server, transport, links, at, log);
    } catch (error) {
      const note = `${server.setup}, ${links.length} subscribers over ${transport}: ${(error as Error).message}`;
      log(`  push: FAILED ${note}`);
      failures.push(note);
      return [];
    }
  };
  /** Each size in turn on one server: a client process per size. */
  const sizes = async (server: Server, transport: PushRow['transport'], counts: number[]) => {
    const measured: PushRow[] = [];
    for (const n of counts) measured.push(...(await orNote(server, transport, all.slice(0, n))));
    return measured;
  };
  const broadcast = async (server: Server) => {
    const measured: PushRow[] = [];
    const one = { ...plan, rates: [plan.broadcastRate] };
    for (const n of plan.broadcastSubscribers) {
      const links = Array.from({ length: n }, () => all[0]!);
      measured.push(...(await orNote(server, 'WebSocket', links, one)));
    }
    return measured;
  };
  if (plan.links.length + plan.sseLinks.length + plan.broadcastSubscribers.length > 0) {
    const one = () => oneGateway(sandbox.url, AUTHORIZATION, all);
    const both = async (server: Server) => [
      ...(await sizes(server, 'WebSocket', plan.links)),
      ...(await sizes(server, 'SSE', plan.sseLinks)),
      ...(await broadcast(server)),
    ];
    rows.push(...(await on(one, both, log)));
  }
  if (redisUrl && plan.twoInstanceLinks.length > 0) {
    const two = () => twoGateways(sandbox.url, AUTHORIZATION, all, redisUrl);
    rows.push(...(await on(two, (server) => sizes(server, 'WebSocket', plan.twoInstanceLinks), log)));
  }
  for (const kind of ['raw', 'graphql-ws'] as const) {
    rows.push(
      ...(await on(
        () => floor(kind),
        async (server) => [
          ...(await sizes(server, 'WebSocket', plan.floorLinks)),
          ...(await broadcast(server)),
        ],
        log,
      )),
    );
  }
  load.end = loadavg();
  return { plan, rows, failures, load, seconds: (Date.now() - started) / 1000 };
}
