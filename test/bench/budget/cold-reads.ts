/**
 * Cold reads: distinct links nobody has read, one `link(id) { employments owners }` query each,
 * spread evenly over a short window (a page of a back office opened by many people at once).
 */
import { callCounter, type Calls } from './calls.js';
import { ask, COLD_READ, served } from './graphql.js';
import { atSteadyRate } from './pace.js';
import { latencies, tally } from './percentiles.js';
import type { BudgetPlan } from './plan.js';
import { startStage } from './stage.js';

export interface ColdRound {
  queries: number;
  served: number;
  rateLimited: number;
  codes: Record<string, number>;
  /** Of the queries served with data. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Of every query, served or not. */
  allP99Ms: number;
  calls: Calls;
}

export async function coldRound(plan: BudgetPlan, latencyMs: number): Promise<ColdRound> {
  const { links: count, seconds } = plan.cold;
  const stage = await startStage({ latencyMs, seededLinks: count });
  try {
    const counting = callCounter(stage.sandbox.requests, stage.limit);
    const answers = await atSteadyRate(count, count / seconds, (i) =>
      ask(stage.url, COLD_READ, { id: stage.links[i] }, plan.drainSeconds * 1000),
    );
    const calls = counting();
    const ok = answers.filter(served);
    return {
      queries: answers.length,
      served: ok.length,
      rateLimited: answers.filter((answer) => answer.codes.includes('RATE_LIMITED')).length,
      codes: tally(answers.flatMap((answer) => answer.codes)),
      ...latencies(ok.map((answer) => answer.ms)),
      allP99Ms: latencies(answers.map((answer) => answer.ms)).p99Ms,
      calls,
    };
  } finally {
    await stage.stop();
  }
}
