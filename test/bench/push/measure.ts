import { Redis } from 'ioredis';
import { sendAtRate } from './rate.js';
import type { Worker } from './worker.js';

/** A figure over rounds: the median, with the spread beside it. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface RoundResult {
  webhooks: number;
  /** Pushes expected: webhooks × subscribers of each webhook's link. */
  expected: number;
  delivered: number;
  answerP50Ms: number;
  answerP99Ms: number;
  pushP50Ms: number;
  pushP99Ms: number;
  pushMaxMs: number;
  upstreamPerWebhook: number;
  /** CPU time of the server process(es) over the round's wall time, in % of one core. */
  cpuPercent: number;
  /** CPU time of the server process(es) per push delivered, ms (all instances together). */
  cpuMsPerPush: number;
  /** Redis's own CPU time per push delivered, ms (NaN without Redis). */
  redisCpuMsPerPush: number;
  rssMiB: number;
  senderLagMs: number;
  overloaded: boolean;
  failures: string[];
}

export interface Target {
  /** The server process(es) under test. */
  servers: Worker[];
  /** Where webhooks go: several instances take them in turn, as behind a load balancer. */
  webhookUrls: readonly string[];
  /** The Redis the instances share, whose own CPU time is counted. */
  redisUrl?: string;
  authorization: string;
  client: Worker;
}

interface ServerStats {
  cpuMs: number;
  rssBytes: number;
  heapBytes: number;
  subscriptions: number;
  upstreamRequests: number;
}

export const statsOf = (servers: Worker[], collect = false) =>
  Promise.all(servers.map((server) => server.call<ServerStats>('stats', { collect })));

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN };
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

/** Collects the client's arrivals until `expected` pushes arrived, or `timeoutMs` passed. */
async function drain(client: Worker, sent: Map<string, number>, expected: number, timeoutMs: number) {
  const pushes: number[] = [];
  const deadline = Date.now() + timeoutMs;
  let errors = 0;
  let first: string | undefined;
  let retried = 0;
  let firstRetry: string | undefined;
  for (;;) {
    const batch = await client.call<{
      arrivals: Array<[string, number[]]>;
      errors: number;
      firstError?: string;
      retried: number;
      firstRetryError?: string;
    }>('collect');
    retried += batch.retried;
    firstRetry ??= batch.firstRetryError;
    for (const [id, times] of batch.arrivals) {
      const at = sent.get(id);
      if (at !== undefined) for (const time of times) pushes.push(time - at);
    }
    errors += batch.errors;
    first ??= batch.firstError;
    if (pushes.length >= expected || Date.now() > deadline) {
      const failures = errors > 0 ? [`${errors} client errors, first: ${first}`] : [];
      if (retried > 0) failures.push(`${retried} subscriptions refused and retried, first: ${firstRetry}`);
      return { pushes, failures };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One round: webhooks at `rate` for `seconds`, every push timed from its webhook's send. */
export async function runRound(
  target: Target,
  links: readonly string[],
  rate: number,
  seconds: number,
  offset: number,
): Promise<RoundResult> {
  const before = await statsOf(target.servers);
  const redisBefore = await redisCpuMs(target.redisUrl);
  const started = performance.now();
  const sent = await sendAtRate(target.webhookUrls, target.authorization, { rate, seconds, links, offset });
  // Each webhook's link has `fan` subscribers (1, or all of them in the broadcast).
  const fan = links.length / new Set(links).size;
  const expected = sent.sentAt.size * fan;
  const { pushes, failures } = await drain(target.client, sent.sentAt, expected, 5_000);
  const wallMs = performance.now() - started;
  const after = await statsOf(target.servers);
  const redisAfter = await redisCpuMs(target.redisUrl);
  pushes.sort((a, b) => a - b);
  const answers = [...sent.answersMs].sort((a, b) => a - b);
  const sum = (pick: (stats: ServerStats) => number, of: ServerStats[]) =>
    of.reduce((total, stats) => total + pick(stats), 0);
  return {
    webhooks: sent.sentAt.size,
    expected,
    delivered: pushes.length,
    answerP50Ms: percentile(answers, 0.5),
    answerP99Ms: percentile(answers, 0.99),
    pushP50Ms: percentile(pushes, 0.5),
    pushP99Ms: percentile(pushes, 0.99),
    pushMaxMs: pushes.at(-1) ?? NaN,
    upstreamPerWebhook:
      (sum((s) => s.upstreamRequests, after) - sum((s) => s.upstreamRequests, before)) / sent.sentAt.size,
    cpuPercent: ((sum((s) => s.cpuMs, after) - sum((s) => s.cpuMs, before)) / wallMs) * 100,
    cpuMsPerPush: (sum((s) => s.cpuMs, after) - sum((s) => s.cpuMs, before)) / pushes.length,
    redisCpuMsPerPush: (redisAfter - redisBefore) / pushes.length,
    rssMiB: Math.max(...after.map((s) => s.rssBytes)) / 2 ** 20,
    senderLagMs: sent.lagMs,
    overloaded: sent.overloaded,
    failures: [...new Set([...sent.failures, ...failures])].slice(0, 3),
  };
}

/**
 * Waits until the servers hold `count` subscriptions in all (the client's are live), or, with
 * `count` 0, none (the previous client's are gone).
 */
export async function untilSubscribed(servers: Worker[], count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const total = (await statsOf(servers)).reduce((sum, stats) => sum + stats.subscriptions, 0);
    if (count === 0 ? total === 0 : total >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${total} of ${count} subscriptions open`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits (at most `timeoutMs`) until the servers are idle — under 20% of a core over half a second —
 * so that work left over from subscribing is not billed to the first round. Answers the seconds waited.
 */
export async function untilIdle(servers: Worker[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  const cpu = async () => (await statsOf(servers)).reduce((sum, stats) => sum + stats.cpuMs, 0);
  let last = await cpu();
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = await cpu();
    if (current - last < 100) break;
    last = current;
  }
  return (Date.now() - started) / 1000;
}

/** Redis's CPU time so far (user + system, from INFO), ms; NaN without Redis. */
async function redisCpuMs(url: string | undefined): Promise<number> {
  if (!url) return NaN;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  } finally {
    redis.disconnect();
  }
}
