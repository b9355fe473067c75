/**
 * The soak (issue 24): one gateway process on a fresh PostgreSQL database held for minutes under a
 * steady, realistic load — N links with one `historicalUpdate` subscriber each over WebSocket (a
 * client process of its own), EMPLOYMENTS / OWNERS `historical_update` webhooks alternating at a
 * steady rate, each push reading its data from the simulator — while the load generator shares the
 * machine's cores. The simulator enforces no rate limit and the gateway's budget is opened up: this
 * is the gateway's own behaviour over time (answers, pushes, errors, memory), not Belvo's capacity.
 */
import { cpus, loadavg } from 'node:os';
import { DEFAULT_EVENT_LIMITS } from '../../../src/store/event-limits.js';
import { latencies, tally } from '../budget/percentiles.js';
import { HISTORICAL_UPDATE, startSubscribers, type Push } from '../budget/subscribers.js';
import { startBenchSandbox } from '../environment.js';
import { statsOf, untilIdle, untilSubscribed } from '../push/measure.js';
import { sendAtRate, type Sent } from '../push/rate.js';
import { oneGateway } from '../push/servers.js';
import { AUTHORIZATION } from '../push/setup.js';
import { indexSimulatorByLink, seedWorld } from '../push/simulator-index.js';
import type { SoakPlan } from './plan.js';

/** One window of the run: how the figures drift over time. */
export interface SoakWindow {
  /** Seconds from the first webhook to the window's start. */
  fromSeconds: number;
  webhooks: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Webhooks of the window answered 503. */
  unavailable: number;
  /** Webhook sent → first push, of the window's webhooks. */
  pushP99Ms: number;
  /** The gateway process's CPU time over the window (100 = one core). */
  gatewayCpuPercent: number;
  /** The gateway's RSS at the window's end. */
  gatewayRssMiB: number;
  /** The sender stopped early: over 5 s of webhooks unanswered. */
  overloaded: boolean;
}

/** What one soak measured. */
export interface SoakRun {
  /** Webhooks due (rate × seconds), and sent. */
  planned: number;
  webhooks: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Answered 503: not acknowledged (Belvo would deliver them again; the bench does not). */
  unavailable: number;
  /** Other answers than 200 and 503, by status (0: no answer at all). */
  otherAnswers: Record<string, number>;
  /** Acknowledged webhooks (200): one push each is expected at its link's subscriber. */
  expected: number;
  /** Acknowledged webhooks pushed to their subscriber at least once by the end of the drain. */
  delivered: number;
  /** Of those, first pushed with the event's data. */
  withData: number;
  /** Pushes of an event its subscriber had already received. */
  duplicates: number;
  /** Acknowledged, never pushed by the end of the drain. */
  lost: number;
  /** Pushes of webhooks answered 503 (recorded although not acknowledged: Belvo's redelivery would be a duplicate). */
  pushedUnacknowledged: number;
  /** Pushes with no event id (a result with only errors), and of events the sender never sent. */
  anonymous: number;
  strays: number;
  pushP50Ms: number;
  pushP99Ms: number;
  pushMaxMs: number;
  /** Subscriptions the client saw end (`complete`, `error`, or their socket closed). */
  ended: number;
  /** Subscriptions the gateway held after the drain (gateway_active_subscriptions), of `links`. */
  openAtEnd: number;
  /** `extensions.code` of every error pushed, by code. */
  pushedCodes: Record<string, number>;
  /** gateway_graphql_errors_total by code, from the gateway's /metrics after the drain (its whole life). */
  metricCodes: Record<string, number>;
  /** CPU over the sending time (100 = one core): the gateway, and this driver (simulator and webhook sender). */
  gatewayCpuPercent: number;
  driverCpuPercent: number;
  /** The gateway's RSS when sending started, and after the drain. */
  gatewayRssMiB: { start: number; end: number };
  /** How far behind its schedule the webhook sender dispatched (the driver's own load), worst window. */
  senderLagMaxMs: number;
  drainSeconds: number;
  subscribeSeconds: number;
  windows: SoakWindow[];
  failures: string[];
}

export interface SoakResults {
  plan: SoakPlan;
  upstreamLatencyMs: number;
  /** The gateway's per-link event cap as it ran (its default). */
  maxEventsPerLinkPerMinute: number;
  cores: number;
  /** Absent when the soak could not run (see failures). */
  run?: SoakRun;
  failures: string[];
  /** os.loadavg() (1, 5, 15 min) when the section started and ended. */
  load: { start: number[]; end: number[] };
  seconds: number;
}

type Log = (line: string) => void;

const MiB = 2 ** 20;
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** gateway_graphql_errors_total by code, as the gateway's /metrics shows it. */
async function graphqlErrorsByCode(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, code, value] of text.matchAll(/^gateway_graphql_errors_total\{code="([^"]*)"\} (\S+)$/gm))
    counts[code!] = Number(value);
  return counts;
}

/** The run cut into windows of `windowSeconds` (the last one shorter), each with its share of links. */
function windowsOf(plan: SoakPlan) {
  const windows: Array<{ from: number; seconds: number; offset: number }> = [];
  let offset = 0;
  for (let from = 0; from < plan.seconds; from += plan.windowSeconds) {
    const seconds = Math.min(plan.windowSeconds, plan.seconds - from);
    windows.push({ from, seconds, offset });
    // Webhook k of a window goes to link offset + ⌊k/2⌋ (rate.ts): the next window goes on from there.
    offset += Math.ceil(Math.max(1, Math.round(plan.rate * seconds)) / 2);
  }
  return windows;
}

/** Each push by its event: the first arrival at each subscriber, and what else arrived. */
function sortPushes(pushes: readonly Push[], sentAt: ReadonlyMap<string, number>) {
  const first = new Map<string, Push>();
  let duplicates = 0;
  let anonymous = 0;
  let strays = 0;
  for (const push of pushes) {
    if (push.refused) continue;
    if (push.id === undefined) anonymous++;
    else if (!sentAt.has(push.id)) strays++;
    else {
      // One subscriber per link: the link names the subscriber.
      const key = `${push.link} ${push.id}`;
      if (first.has(key)) duplicates++;
      else first.set(key, push);
    }
  }
  return { first: [...first.values()], duplicates, anonymous, strays };
}

/** Acknowledged events pushed at least once. */
function deliveredOf(pushes: readonly Push[], acknowledged: ReadonlySet<string>): number {
  const seen = new Set<string>();
  for (const push of pushes) if (push.id !== undefined && acknowledged.has(push.id)) seen.add(push.id);
  return seen.size;
}

async function soak(plan: SoakPlan, latencyMs: number, log: Log): Promise<SoakRun> {
  // Started first: the client process loads while the simulator and the gateway start.
  const subscribers = startSubscribers();
  const sandbox = await startBenchSandbox(latencyMs);
  let server: Awaited<ReturnType<typeof oneGateway>> | undefined;
  try {
    const links = seedWorld(sandbox, plan.links);
    indexSimulatorByLink(sandbox);
    // benchGatewayEnv lifts the per-link cap for the broadcast sections; the soak runs it at its default.
    server = await oneGateway(sandbox.url, AUTHORIZATION, links, {
      EVENT_MAX_PER_LINK_PER_MINUTE: String(DEFAULT_EVENT_LIMITS.maxPerLinkPerMinute),
    });
    const gateway = server.workers[0]!;
    const url = server.webhookUrl;
    let started = performance.now();
    await subscribers.subscribe(url, links, HISTORICAL_UPDATE);
    await untilSubscribed([gateway], links.length, 120_000);
    const subscribeSeconds = (performance.now() - started) / 1000;
    const idle = await untilIdle([gateway], 30_000);
    log(
      `  soak: ${links.length} subscriptions open in ${subscribeSeconds.toFixed(1)} s, gateway idle ${idle.toFixed(1)} s later; ` +
        `${plan.rate} webhooks/s for ${plan.seconds} s`,
    );

    const windows = windowsOf(plan);
    started = performance.now();
    const sends = windows.map(async (window) => {
      await sleepUntil(started + window.from * 1000);
      // Belvo waits 5 s for an answer: the sender gives up on a window only past that many unanswered.
      return sendAtRate([url], AUTHORIZATION, {
        rate: plan.rate,
        seconds: window.seconds,
        links,
        offset: window.offset,
        unansweredMax: Math.max(64, plan.rate * 5),
      });
    });
    // The gateway's CPU and memory, and this driver's CPU, at each window's start and at the end.
    const samples: Array<{ at: number; cpuMs: number; rssBytes: number; driverCpuMs: number }> = [];
    for (const at of [...windows.map((w) => w.from), plan.seconds]) {
      await sleepUntil(started + at * 1000);
      const [stats] = await statsOf([gateway]);
      const driver = process.cpuUsage();
      samples.push({
        at: performance.now(),
        cpuMs: stats!.cpuMs,
        rssBytes: stats!.rssBytes,
        driverCpuMs: (driver.user + driver.system) / 1000,
      });
      const [before, after] = samples.slice(-2);
      if (before && after)
        log(
          `  soak: ${at} s of ${plan.seconds} s, gateway CPU ${fixed(((after.cpuMs - before.cpuMs) / (after.at - before.at)) * 100)}%, ` +
            `RSS ${fixed(after.rssBytes / MiB)} MiB`,
        );
    }
    const sent: Sent[] = await Promise.all(sends);

    const sentAt = new Map<string, number>();
    const windowOf = new Map<string, number>();
    const acknowledged = new Set<string>();
    sent.forEach((window, w) => {
      for (const [id, at] of window.sentAt) {
        sentAt.set(id, at);
        windowOf.set(id, w);
        if (!window.refused.has(id)) acknowledged.add(id);
      }
    });
    const drainStarted = performance.now();
    const pushes = await subscribers.until(
      (all) => deliveredOf(all, acknowledged) >= acknowledged.size,
      plan.drainSeconds * 1000,
    );
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const [end] = await statsOf([gateway]);
    const metricCodes = await graphqlErrorsByCode(url);

    const { first, duplicates, anonymous, strays } = sortPushes(pushes, sentAt);
    const delivered = deliveredOf(first, acknowledged);
    const latency = (push: Push) => push.at - sentAt.get(push.id!)!;
    const refusals = sent.flatMap((window) => [...window.refused.values()]);
    const socketFailures = subscribers.failures();
    const wall = samples.at(-1)!.at - samples[0]!.at;
    const cpuBetween = (a: number, b: number) =>
      ((samples[b]!.cpuMs - samples[a]!.cpuMs) / (samples[b]!.at - samples[a]!.at)) * 100;
    return {
      planned: Math.max(1, Math.round(plan.rate * plan.seconds)),
      webhooks: sentAt.size,
      ...prefixed('answer', latencies(sent.flatMap((window) => window.answersMs))),
      unavailable: refusals.filter((status) => status === 503).length,
      otherAnswers: tally(refusals.filter((status) => status !== 503).map(String)),
      expected: acknowledged.size,
      delivered,
      withData: first.filter((push) => push.data && acknowledged.has(push.id!)).length,
      duplicates,
      lost: acknowledged.size - delivered,
      pushedUnacknowledged: first.filter((push) => !acknowledged.has(push.id!)).length,
      anonymous,
      strays,
      ...prefixed('push', latencies(first.map(latency))),
      ended: subscribers.ended(),
      openAtEnd: end!.subscriptions,
      pushedCodes: tally(pushes.flatMap((push) => push.codes)),
      metricCodes,
      gatewayCpuPercent: ((samples.at(-1)!.cpuMs - samples[0]!.cpuMs) / wall) * 100,
      driverCpuPercent: ((samples.at(-1)!.driverCpuMs - samples[0]!.driverCpuMs) / wall) * 100,
      gatewayRssMiB: { start: samples[0]!.rssBytes / MiB, end: end!.rssBytes / MiB },
      senderLagMaxMs: Math.max(...sent.map((window) => window.lagMs)),
      drainSeconds,
      subscribeSeconds,
      windows: windows.map((window, w) => {
        const answers = latencies(sent[w]!.answersMs);
        return {
          fromSeconds: window.from,
          webhooks: sent[w]!.sentAt.size,
          answerP50Ms: answers.p50Ms,
          answerP99Ms: answers.p99Ms,
          answerMaxMs: answers.maxMs,
          unavailable: [...sent[w]!.refused.values()].filter((status) => status === 503).length,
          pushP99Ms: latencies(first.filter((push) => windowOf.get(push.id!) === w).map(latency)).p99Ms,
          gatewayCpuPercent: cpuBetween(w, w + 1),
          gatewayRssMiB: samples[w + 1]!.rssBytes / MiB,
          overloaded: sent[w]!.overloaded,
        };
      }),
      failures: [
        ...new Set([
          ...sent.flatMap((window) => window.failures),
          ...(socketFailures.count > 0
            ? [`${socketFailures.count} socket failures: ${socketFailures.first[0]}`]
            : []),
        ]),
      ].slice(0, 5),
    };
  } finally {
    await subscribers.stop();
    await server?.stop();
    await sandbox.stop();
  }
}

function prefixed<P extends string>(prefix: P, figures: { p50Ms: number; p99Ms: number; maxMs: number }) {
  return {
    [`${prefix}P50Ms`]: figures.p50Ms,
    [`${prefix}P99Ms`]: figures.p99Ms,
    [`${prefix}MaxMs`]: figures.maxMs,
  } as Record<`${P}P50Ms` | `${P}P99Ms` | `${P}MaxMs`, number>;
}

/** The soak on a simulator and gateway of its own; a soak that cannot run is noted, not thrown. */
export async function measureSoak(plan: SoakPlan, latencyMs: number, log: Log): Promise<SoakResults> {
  const started = Date.now();
  const results: SoakResults = {
    plan,
    upstreamLatencyMs: latencyMs,
    maxEventsPerLinkPerMinute: DEFAULT_EVENT_LIMITS.maxPerLinkPerMinute,
    cores: cpus().length,
    failures: [],
    load: { start: loadavg(), end: [] },
    seconds: 0,
  };
  try {
    const run = await soak(plan, latencyMs, log);
    results.run = run;
    log(
      `  soak: answer p99 ${fixed(run.answerP99Ms)} ms (max ${fixed(run.answerMaxMs)}), ${run.unavailable}×503, ` +
        `${run.delivered}/${run.expected} pushed, ${run.duplicates} duplicates, ${run.lost} lost, ${run.ended} ended, ` +
        `INTERNAL_SERVER_ERROR ${run.pushedCodes.INTERNAL_SERVER_ERROR ?? 0} pushed / ${run.metricCodes.INTERNAL_SERVER_ERROR ?? 0} in /metrics, ` +
        `gateway CPU ${fixed(run.gatewayCpuPercent)}%`,
    );
  } catch (error) {
    const note = `soak: ${(error as Error).message}`;
    log(`  soak: FAILED ${note}`);
    results.failures.push(note);
  }
  results.load.end = loadavg();
  results.seconds = (Date.now() - started) / 1000;
  return results;
}
