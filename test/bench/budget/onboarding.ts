/**
 * Onboarding: `createLink` at a steady rate, each followed by a `linkReady` subscriber; the
 * simulator extracts (15 s) and sends its webhooks to the gateway, which pushes the link with its
 * data. Timed from the `createLink` request to the push with the data.
 */
import { now } from '../push/worker.js';
import { callCounter, type Calls } from './calls.js';
import { ask, CREATE_LINK, served } from './graphql.js';
import { atSteadyRate } from './pace.js';
import { latencies, tally } from './percentiles.js';
import type { BudgetPlan } from './plan.js';
import { startStage } from './stage.js';
import { LINK_READY, startSubscribers, type Push } from './subscribers.js';

export interface OnboardingRound {
  /** `createLink` requests sent. */
  requested: number;
  /** Of those, the ones answered with a link. */
  created: number;
  /** Codes of the `createLink` answers that carried errors. */
  createCodes: Record<string, number>;
  createP99Ms: number;
  /** `linkReady` pushes that carried the link's data (READY with employments and owners). */
  withData: number;
  /** `linkReady` pushes (or refused subscriptions) with RATE_LIMITED instead. */
  rateLimited: number;
  codes: Record<string, number>;
  /** Links created whose `linkReady` never pushed (within the extraction delay and the drain time). */
  missing: number;
  /** Links that got their data, per second of the round's createLink schedule. */
  readyPerSecond: number;
  /** `createLink` request → `linkReady` push with the data. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  calls: Calls;
  failures: string[];
}

export async function onboardingRound(plan: BudgetPlan, latencyMs: number): Promise<OnboardingRound> {
  const { rate, seconds, extractionDelayMs } = plan.onboarding;
  const subscribers = startSubscribers();
  const stage = await startStage({ latencyMs, seededLinks: 0, extractionDelayMs }).catch(
    async (error: unknown) => {
      await subscribers.stop();
      throw error;
    },
  );
  try {
    const counting = callCounter(stage.sandbox.requests, stage.limit);
    const requested = Math.max(1, Math.round(rate * seconds));
    const creates = await atSteadyRate(requested, rate, async (i) => {
      const startedAt = now();
      const answer = await ask(stage.url, CREATE_LINK, { cedula: String(1_500_000_000 + i) }, 120_000);
      const id = served(answer) ? (answer.data!.createLink as { link: { id: string } }).link.id : undefined;
      if (id) await subscribers.subscribe(stage.url, [id], LINK_READY);
      return { startedAt, id, answer };
    });
    const startedAt = new Map(creates.flatMap((c) => (c.id ? [[c.id, c.startedAt] as const] : [])));
    const firstPush = (pushes: readonly Push[]) => {
      const first = new Map<string, Push>();
      for (const push of pushes)
        if (startedAt.has(push.link) && !first.has(push.link)) first.set(push.link, push);
      return first;
    };
    const pushes = await subscribers.until(
      (all) => firstPush(all).size >= startedAt.size,
      extractionDelayMs + plan.drainSeconds * 1000,
    );
    const calls = counting();
    const ready = [...firstPush(pushes).values()];
    const withData = ready.filter((push) => push.data);
    const socketFailures = subscribers.failures();
    return {
      requested,
      created: startedAt.size,
      createCodes: tally(creates.flatMap((c) => c.answer.codes)),
      createP99Ms: latencies(creates.map((c) => c.answer.ms)).p99Ms,
      withData: withData.length,
      rateLimited: ready.filter((push) => push.codes.includes('RATE_LIMITED')).length,
      codes: tally(ready.flatMap((push) => push.codes)),
      missing: startedAt.size - ready.length,
      readyPerSecond: withData.length / seconds,
      ...latencies(withData.map((push) => push.at - startedAt.get(push.link)!)),
      calls,
      failures:
        socketFailures.count > 0
          ? [`${socketFailures.count} socket failures: ${socketFailures.first[0]}`]
          : [],
    };
  } finally {
    await subscribers.stop();
    await stage.stop();
  }
}
