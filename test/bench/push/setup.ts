import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BENCH_API_KEY } from '../environment.js';
import {
  runRound,
  spread,
  statsOf,
  untilIdle,
  untilSubscribed,
  type RoundResult,
  type Target,
} from './measure.js';
import type { PushPlan, PushRow } from './push.js';
import type { Server } from './servers.js';
import { startWorker } from './worker.js';

type Log = (line: string) => void;

/** The README's `historicalUpdate` selection, with each event's `id` to time it by. */
export const HISTORICAL_UPDATE = `subscription ($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate { id total employments { employerData { name tenure } } }
    ... on OwnersHistoricalUpdate { id owners { displayName } }
  }
}`;

const PER_SOCKET = 100;
export const AUTHORIZATION = `Bearer ${randomBytes(16).toString('hex')}`;

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
    cpuMsPerPush: of((r) => r.cpuMsPerPush),
    redisCpuMsPerPush: of((r) => r.redisCpuMsPerPush),
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

/**
 * Opens one subscription per entry of `links` from a client process of its own, waits until the
 * server holds them all and has gone idle, and measures the server's heap per subscription.
 */
async function subscribeAll(
  server: Server,
  transport: PushRow['transport'],
  links: readonly string[],
  log: Log,
) {
  const heap = server.workers.length === 1;
  await untilSubscribed(server.workers, 0, 30_000);
  const before = heap ? (await statsOf(server.workers, true))[0]!.heapBytes : 0;
  const client = startWorker('./client-process.ts');
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
    const upstream = (await statsOf(server.workers)).reduce((sum, stats) => sum + stats.upstreamRequests, 0);
    log(
      `  push: ${server.setup}, ${links.length} subscriptions over ${transport} open in ${seconds.toFixed(1)} s, ` +
        `server idle ${idle.toFixed(1)} s later, ${upstream} upstream requests so far`,
    );
    const after = heap ? (await statsOf(server.workers, true))[0]!.heapBytes : 0;
    return { client, seconds, heapBytesPerSubscription: Math.max(0, (after - before) / links.length) };
  } catch (error) {
    await client.stop();
    throw error;
  }
}

/** `count` subscribers (a client process of their own), then every rate for `plan.rounds` rounds. */
export async function measureSetup(
  server: Server,
  transport: PushRow['transport'],
  links: readonly string[],
  plan: PushPlan,
  log: Log,
): Promise<PushRow[]> {
  const heap = server.workers.length === 1;
  const { client, seconds, heapBytesPerSubscription } = await subscribeAll(server, transport, links, log);
  const rows: PushRow[] = [];
  try {
    const target = {
      servers: server.workers,
      webhookUrls: server.webhookUrls,
      redisUrl: server.redisUrl,
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
        ? server.workers[0]!.call(
            'profile',
            // BENCH_PROFILE_MS: longer, to cover all the rounds at the first rate (default 3 s).
            { ms: Number(process.env.BENCH_PROFILE_MS ?? 3_000), path: process.env.BENCH_PROFILE_ROUND },
            Number(process.env.BENCH_PROFILE_MS ?? 3_000) + 60_000,
          )
        : undefined;
      // BENCH_WEBHOOK_TIMING: this process's own event-loop delay too (it sends the webhooks, times
      // their answers and serves the simulator: on a shared core its delays are in the answer figure).
      const driverLoop = process.env.BENCH_WEBHOOK_TIMING
        ? monitorEventLoopDelay({ resolution: 10 })
        : undefined;
      driverLoop?.enable();
      const rounds = await roundsAt(target, links, rate, plan);
      driverLoop?.disable();
      if (driverLoop)
        log(
          `  push: driver (sender, simulator) event-loop delay p50 ${(driverLoop.percentile(50) / 1e6).toFixed(1)} ms, ` +
            `p99 ${(driverLoop.percentile(99) / 1e6).toFixed(1)} ms, max ${(driverLoop.max / 1e6).toFixed(1)} ms`,
        );
      await profiling;
      const row = {
        ...toRow(server, transport, links, rate, rounds),
        heapBytesPerSubscription: heap ? heapBytesPerSubscription : null,
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
