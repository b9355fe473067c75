/**
 * Paused sockets (issue 24): do subscribers that stop reading slow the webhook answers Belvo waits
 * for? One gateway on PostgreSQL with a `historicalUpdate` subscriber per link; webhooks at a steady
 * rate in alternating phases, without and then with `paused` extra WebSockets that subscribe to
 * every link and then read nothing (their frames pile up in the kernel and in the gateway's
 * buffer, which the bench lets grow so they stay connected for the phase). Each round runs both
 * phases back to back, so the ratio compares like with like on a shared machine.
 */
import { cpus, loadavg } from 'node:os';
import WebSocket from 'ws';
import { latencies } from '../budget/percentiles.js';
import { HISTORICAL_UPDATE, startSubscribers, type Push } from '../budget/subscribers.js';
import { BENCH_API_KEY, startBenchSandbox } from '../environment.js';
import { statsOf, untilIdle, untilSubscribed } from '../push/measure.js';
import { sendAtRate } from '../push/rate.js';
import { oneGateway } from '../push/servers.js';
import { AUTHORIZATION } from '../push/setup.js';
import { indexSimulatorByLink, seedWorld } from '../push/simulator-index.js';
import type { Worker } from '../push/worker.js';

export interface PausedPlan {
  /** Links, one regular subscriber each (BENCH_PAUSED_LINKS). */
  links: number;
  /** Sockets that stop reading, each subscribed to every link (BENCH_PAUSED_SOCKETS). */
  paused: number;
  /** Webhooks per second in every phase (BENCH_PAUSED_RATE). */
  rate: number;
  /** Seconds of each phase (BENCH_PAUSED_SECONDS). */
  seconds: number;
  rounds: number;
}

export interface PausedPhase {
  paused: number;
  webhooks: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Answers other than 200. */
  refused: number;
  /** Webhook sent → push at the link's regular subscriber (who reads). */
  pushP99Ms: number;
  /** Acknowledged webhooks not pushed to their regular subscriber within the drain. */
  missing: number;
  /** Paused sockets still subscribed when the phase's sending ended (none dropped for not reading). */
  stillPaused: number;
}

export interface PausedResults {
  plan: PausedPlan;
  upstreamLatencyMs: number;
  cores: number;
  rounds: Array<{ without: PausedPhase; with: PausedPhase }>;
  failures: string[];
  load: { start: number[]; end: number[] };
  seconds: number;
}

type Log = (line: string) => void;

/** Paused sockets this run lets grow to: the phase's frames fit, so none is dropped (4413) mid-phase. */
const BUFFERED_BYTES = 256 * 2 ** 20;

/**
 * What a paused socket asks for: each link's whole history as it is pushed (24 monthly rows per
 * employer, several KB a push), so its frames outgrow the kernel's buffers within a phase and pile
 * up in the gateway.
 */
const WHOLE_HISTORY = `subscription ($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate {
      id
      employments {
        id
        employerData { idNumber idType contributorClassCodeDescription economicActivityCodeDescription }
        salaryAndBenefitDetails { month gross { amount } net { amount } employmentType healthcareProviderName pensionFundName parafiscalContribution }
      }
    }
    ... on OwnersHistoricalUpdate { id owners { id } }
  }
}`;

/** A graphql-transport-ws client subscribed to every link, which then stops reading. */
async function pausedSocket(url: string, links: readonly string[]): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const acknowledged = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
    }),
  );
  socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': BENCH_API_KEY } }));
  await acknowledged;
  links.forEach((linkId, i) =>
    socket.send(
      JSON.stringify({
        id: String(i + 1),
        type: 'subscribe',
        payload: { query: WHOLE_HISTORY, variables: { linkId } },
      }),
    ),
  );
  return socket;
}

async function subscriptionsAtMost(gateway: Worker, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await statsOf([gateway]))[0]!.subscriptions > count) {
    if (Date.now() > deadline) throw new Error(`paused sockets' subscriptions not released`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function phase(
  context: {
    url: string;
    gateway: Worker;
    links: string[];
    subscribers: ReturnType<typeof startSubscribers>;
  },
  plan: PausedPlan,
  paused: number,
  offset: number,
): Promise<PausedPhase> {
  const { url, gateway, links, subscribers } = context;
  const sockets = await Promise.all(Array.from({ length: paused }, () => pausedSocket(url, links)));
  try {
    await untilSubscribed([gateway], links.length * (1 + paused), 120_000);
    await untilIdle([gateway], 30_000);
    for (const socket of sockets) socket.pause(); // they read nothing more
    const sent = await sendAtRate([url], AUTHORIZATION, {
      rate: plan.rate,
      seconds: plan.seconds,
      links,
      offset,
      unansweredMax: Math.max(64, plan.rate * 5),
    });
    const [held] = await statsOf([gateway]);
    const acknowledged = new Set([...sent.sentAt.keys()].filter((id) => !sent.refused.has(id)));
    const pushes = await subscribers.until(
      (all) => firstPushes(all, acknowledged).size >= acknowledged.size,
      30_000,
    );
    const first = firstPushes(pushes, acknowledged);
    const answers = latencies(sent.answersMs);
    return {
      paused,
      webhooks: sent.sentAt.size,
      answerP50Ms: answers.p50Ms,
      answerP99Ms: answers.p99Ms,
      answerMaxMs: answers.maxMs,
      refused: sent.refused.size,
      pushP99Ms: latencies([...first.values()].map((push) => push.at - sent.sentAt.get(push.id!)!)).p99Ms,
      missing: acknowledged.size - first.size,
      stillPaused: Math.round((held!.subscriptions - links.length) / links.length),
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await subscriptionsAtMost(gateway, links.length);
  }
}

/** The first push of each acknowledged event (one regular subscriber per link). */
function firstPushes(pushes: readonly Push[], acknowledged: ReadonlySet<string>): Map<string, Push> {
  const first = new Map<string, Push>();
  for (const push of pushes)
    if (push.id !== undefined && acknowledged.has(push.id) && !first.has(push.id)) first.set(push.id, push);
  return first;
}

export async function measurePaused(plan: PausedPlan, latencyMs: number, log: Log): Promise<PausedResults> {
  const started = Date.now();
  const results: PausedResults = {
    plan,
    upstreamLatencyMs: latencyMs,
    cores: cpus().length,
    rounds: [],
    failures: [],
    load: { start: loadavg(), end: [] },
    seconds: 0,
  };
  const subscribers = startSubscribers();
  const sandbox = await startBenchSandbox(latencyMs);
  let server: Awaited<ReturnType<typeof oneGateway>> | undefined;
  try {
    const links = seedWorld(sandbox, plan.links);
    indexSimulatorByLink(sandbox);
    server = await oneGateway(sandbox.url, AUTHORIZATION, links, {
      WS_MAX_SUBSCRIPTIONS: String(Math.max(1_000, plan.links)),
      WS_MAX_BUFFERED_BYTES: String(BUFFERED_BYTES),
      // A socket that reads nothing misses its pongs too: kept for the phase, not dropped after 12 s.
      WS_KEEPALIVE_MS: String(10 * 60_000),
    });
    const gateway = server.workers[0]!;
    const url = server.webhookUrl;
    await subscribers.subscribe(url, links, HISTORICAL_UPDATE);
    await untilSubscribed([gateway], links.length, 120_000);
    const context = { url, gateway, links, subscribers };
    // Each phase's webhooks go to links the last one did not (two per link, rate.ts).
    const perPhase = Math.ceil((plan.rate * plan.seconds) / 2);
    for (let round = 0; round < plan.rounds; round++) {
      const without = await phase(context, plan, 0, 2 * round * perPhase);
      const paused = await phase(context, plan, plan.paused, (2 * round + 1) * perPhase);
      results.rounds.push({ without, with: paused });
      log(
        `  paused sockets, round ${round + 1}/${plan.rounds}: answer p99 ${without.answerP99Ms.toFixed(0)} ms without, ` +
          `${paused.answerP99Ms.toFixed(0)} ms with ${paused.stillPaused} of ${plan.paused} sockets paused; ` +
          `push p99 ${without.pushP99Ms.toFixed(0)} / ${paused.pushP99Ms.toFixed(0)} ms; ` +
          `missing ${without.missing} / ${paused.missing}`,
      );
    }
  } catch (error) {
    const note = `paused sockets: ${(error as Error).message.split('\n')[0]}`;
    log(`  ${note}`);
    results.failures.push(note);
  } finally {
    await subscribers.stop();
    await server?.stop();
    await sandbox.stop();
  }
  results.load.end = loadavg();
  results.seconds = (Date.now() - started) / 1000;
  return results;
}
