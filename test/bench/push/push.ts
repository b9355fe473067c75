import { loadavg } from 'node:os';
import type { BelvoSandbox } from '../../../src/sandbox/server.js';
import type { Spread } from './measure.js';
import { AUTHORIZATION, measureSetup } from './setup.js';
import { indexSimulatorByLink, seedWorld } from './simulator-index.js';
import { floor, oneGateway, twoGateways, type Server } from './servers.js';

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
  /** CPU of the server process(es) per push delivered, ms: all instances together. */
  cpuMsPerPush: Spread;
  /** Redis's own CPU per push delivered, ms (NaN without Redis). */
  redisCpuMsPerPush: Spread;
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

type Log = (line: string) => void;

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

/** How a server is measured: each size in turn, and the broadcast; a setup that fails is noted. */
function runners(all: string[], plan: PushPlan, failures: string[], log: Log) {
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
  /** A client process per size. */
  const sizes = async (server: Server, transport: PushRow['transport'], counts: number[]) => {
    const measured: PushRow[] = [];
    for (const n of counts) measured.push(...(await orNote(server, transport, all.slice(0, n))));
    return measured;
  };
  const broadcast = async (server: Server, transports: Array<PushRow['transport']> = ['WebSocket']) => {
    const measured: PushRow[] = [];
    const one = { ...plan, rates: [plan.broadcastRate] };
    for (const n of plan.broadcastSubscribers) {
      const links = Array.from({ length: n }, () => all.at(-1)!);
      for (const transport of transports) measured.push(...(await orNote(server, transport, links, one)));
    }
    return measured;
  };
  return { sizes, broadcast };
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
  const most = Math.max(1, ...plan.links, ...plan.floorLinks, ...plan.twoInstanceLinks, ...plan.sseLinks);
  log(`  push: seeding ${most} links in the simulator`);
  // One more: the broadcast's link, which no per-link round touches (a new subscriber replays a
  // link's recorded events first, which would bury the measured ones).
  const all = seedWorld(sandbox, most + 1);
  indexSimulatorByLink(sandbox);
  const rows: PushRow[] = [];
  const failures: string[] = [];
  const { sizes, broadcast } = runners(all, plan, failures, log);
  if (plan.links.length + plan.sseLinks.length + plan.broadcastSubscribers.length > 0) {
    const one = () => oneGateway(sandbox.url, AUTHORIZATION, all);
    const both = async (server: Server) => [
      ...(await sizes(server, 'WebSocket', plan.links)),
      ...(await sizes(server, 'SSE', plan.sseLinks)),
      ...(await broadcast(server, ['WebSocket', 'SSE'])),
    ];
    rows.push(...(await on(one, both, log)));
  }
  if (redisUrl && plan.twoInstanceLinks.length > 0) {
    const two = () => twoGateways(sandbox.url, AUTHORIZATION, all, redisUrl);
    rows.push(...(await on(two, (server) => sizes(server, 'WebSocket', plan.twoInstanceLinks), log)));
  }
  // Without floor sizes or a broadcast (e.g. one gateway row alone), the floors have nothing to measure.
  const floors = plan.floorLinks.length + plan.broadcastSubscribers.length > 0;
  for (const kind of floors ? (['raw', 'graphql-ws'] as const) : []) {
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
  // ws.send against the gateway's direct write, on the broadcast only: many sockets, one frame each.
  if (plan.broadcastSubscribers.length > 0)
    rows.push(...(await on(() => floor('raw-direct'), broadcast, log)));
  load.end = loadavg();
  return { plan, rows, failures, load, seconds: (Date.now() - started) / 1000 };
}
