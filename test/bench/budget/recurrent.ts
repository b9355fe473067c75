/**
 * Recurrent updates: N links with one `historicalUpdate` subscriber each, EMPLOYMENTS / OWNERS
 * `historical_update` webhooks (alternating) at a steady rate; every push timed from its webhook's
 * send to its arrival with the data. At the highest rate the priority probe runs alongside.
 */
import { statsOf, untilSubscribed } from '../push/measure.js';
import { sendAtRate } from '../push/rate.js';
import { AUTHORIZATION } from '../push/setup.js';
import { callCounter, untilWindowClear, type Calls } from './calls.js';
import { warmLinks } from './graphql.js';
import type { BudgetPlan } from './plan.js';
import { latencies, tally } from './percentiles.js';
import { priorityRound, probeCold, type PriorityRound } from './priority.js';
import { startStage } from './stage.js';
import { HISTORICAL_UPDATE, startSubscribers } from './subscribers.js';

export interface RecurrentRound {
  rate: number;
  links: number;
  /** Webhooks due (rate × seconds), and sent: the sender stops early when over 5 s of them go unanswered. */
  planned: number;
  webhooks: number;
  /** The gateway's answer to each webhook (what Belvo waits for: over 5 s it redelivers). */
  answerP50Ms: number;
  answerP99Ms: number;
  /** Pushes that carried their event's data. */
  withData: number;
  /** Pushes that carried a RATE_LIMITED error instead. */
  rateLimited: number;
  /** Codes of every error pushed, RATE_LIMITED included. */
  codes: Record<string, number>;
  /** Webhooks whose push never arrived (within the drain time). */
  missing: number;
  /** Webhook sent → push with data received. */
  pushP50Ms: number;
  pushP99Ms: number;
  pushMaxMs: number;
  /** From the first webhook to the last push (or the end of the drain). */
  calls: Calls;
  /** The gateway process's CPU time over the round's wall time (100 = one core). */
  gatewayCpuPercent: number;
  /** Calls made to set up (warming the subscribed links, subscribing), before the first webhook. */
  setupCalls: number;
  /** The webhook sender fell behind (the gateway did not answer its webhooks). */
  senderOverloaded: boolean;
  failures: string[];
  priority?: PriorityRound;
}

export async function recurrentRound(
  plan: BudgetPlan,
  rate: number,
  probe: boolean,
  latencyMs: number,
): Promise<RecurrentRound> {
  const { links: count, seconds, probeEverySeconds } = plan.recurrent;
  const probes = probe ? Math.max(1, Math.floor(seconds / probeEverySeconds)) : 0;
  const subscribers = startSubscribers();
  const stage = await startStage({ latencyMs, seededLinks: count + probes }).catch(async (error: unknown) => {
    await subscribers.stop();
    throw error;
  });
  const links = stage.links.slice(0, count);
  try {
    const setup = callCounter(stage.sandbox.requests, stage.limit);
    await warmLinks(stage.url, links);
    await subscribers.subscribe(stage.url, links, HISTORICAL_UPDATE);
    await untilSubscribed([stage.gateway], count, 60_000);
    const setupCalls = setup().total;
    if (plan.settle) await untilWindowClear(stage.sandbox.requests, stage.limit.windowMs);
    const counting = callCounter(stage.sandbox.requests, stage.limit);
    const before = await statsOf([stage.gateway]);
    const started = performance.now();
    const [sent, answers] = await Promise.all([
      // Belvo waits 5 s for a webhook's answer: the sender gives up only past that many unanswered.
      sendAtRate([stage.url], AUTHORIZATION, {
        rate,
        seconds,
        links,
        offset: 0,
        unansweredMax: Math.max(64, rate * 5),
      }),
      probe ? probeCold(stage.url, stage.links.slice(count), probeEverySeconds) : undefined,
    ]);
    const expected = sent.sentAt.size;
    const pushed = (
      await subscribers.until((all) => all.length >= expected, plan.drainSeconds * 1000)
    ).filter((push) => !push.refused);
    const calls = counting();
    const after = await statsOf([stage.gateway]);
    const withData = pushed.filter((push) => push.data && push.id !== undefined && sent.sentAt.has(push.id));
    const socketFailures = subscribers.failures();
    return {
      rate,
      links: count,
      planned: Math.max(1, Math.round(rate * seconds)),
      webhooks: expected,
      answerP50Ms: latencies(sent.answersMs).p50Ms,
      answerP99Ms: latencies(sent.answersMs).p99Ms,
      withData: withData.length,
      rateLimited: pushed.filter((push) => push.codes.includes('RATE_LIMITED')).length,
      codes: tally(pushed.flatMap((push) => push.codes)),
      missing: Math.max(0, expected - pushed.length),
      ...prefixed(latencies(withData.map((push) => push.at - sent.sentAt.get(push.id!)!))),
      calls,
      gatewayCpuPercent: ((after[0]!.cpuMs - before[0]!.cpuMs) / (performance.now() - started)) * 100,
      setupCalls,
      senderOverloaded: sent.overloaded,
      failures: [
        ...new Set([
          ...sent.failures,
          ...(socketFailures.count > 0
            ? [`${socketFailures.count} socket failures: ${socketFailures.first[0]}`]
            : []),
        ]),
      ].slice(0, 3),
      priority: answers ? priorityRound(answers) : undefined,
    };
  } finally {
    await subscribers.stop();
    await stage.stop();
  }
}

const prefixed = (figures: { p50Ms: number; p99Ms: number; maxMs: number }) => ({
  pushP50Ms: figures.p50Ms,
  pushP99Ms: figures.p99Ms,
  pushMaxMs: figures.maxMs,
});
