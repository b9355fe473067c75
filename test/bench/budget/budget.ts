/**
 * The gateway against Belvo's real capacity: a simulator enforcing 80 requests / 30 s, the gateway's
 * budget at its defaults. Each round runs on a fresh simulator and gateway (see stage.ts). Unlike the
 * other sections, what limits these figures is Belvo's budget, not CPU.
 */
import { loadavg } from 'node:os';
import { coldRound, type ColdRound } from './cold-reads.js';
import { onboardingRound, type OnboardingRound } from './onboarding.js';
import type { BudgetPlan } from './plan.js';
import { recurrentRound, type RecurrentRound } from './recurrent.js';

export interface BudgetResults {
  plan: BudgetPlan;
  upstreamLatencyMs: number;
  /** Every round of each scenario, as measured (the report takes medians and spreads). */
  recurrent: Array<{ rate: number; rounds: RecurrentRound[] }>;
  onboarding: OnboardingRound[];
  cold: ColdRound[];
  /** Rounds that could not be measured, and why. */
  failures: string[];
  /** os.loadavg() (1, 5, 15 min) when the section started and ended. */
  load: { start: number[]; end: number[] };
  seconds: number;
}

type Log = (line: string) => void;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const s = (ms: number) => `${fixed(ms / 1000)} s`;

/** `rounds` rounds of `round`, each logged; a round that throws is noted and the others go on. */
async function repeat<T>(
  name: string,
  rounds: number,
  round: () => Promise<T>,
  describe: (result: T) => string,
  failures: string[],
  log: Log,
): Promise<T[]> {
  const results: T[] = [];
  for (let r = 1; r <= rounds; r++) {
    try {
      const result = await round();
      log(`  budget: ${name}, round ${r}/${rounds}: ${describe(result)}`);
      results.push(result);
    } catch (error) {
      const note = `${name}, round ${r}: ${(error as Error).message}`;
      log(`  budget: FAILED ${note}`);
      failures.push(note);
    }
  }
  return results;
}

export async function measureBudget(plan: BudgetPlan, latencyMs: number, log: Log): Promise<BudgetResults> {
  const started = Date.now();
  const results: BudgetResults = {
    plan,
    upstreamLatencyMs: latencyMs,
    recurrent: [],
    onboarding: [],
    cold: [],
    failures: [],
    load: { start: loadavg(), end: [] },
    seconds: 0,
  };
  const top = Math.max(...plan.recurrent.rates);
  const recurrent = async () => {
    for (const rate of plan.recurrent.rates) {
      const rounds = await repeat(
        `recurrent updates at ${rate}/s, ${plan.recurrent.links} links`,
        plan.rounds,
        () => recurrentRound(plan, rate, rate === top, latencyMs),
        (r) =>
          `${r.webhooks}/${r.planned} webhooks sent (answer p99 ${s(r.answerP99Ms)}, gateway CPU ${fixed(r.gatewayCpuPercent, 0)}%), ${r.withData} pushes with data, ${r.rateLimited} RATE_LIMITED, ${r.missing} missing, ` +
          `p99 ${s(r.pushP99Ms)}, ${r.calls.total} calls (${fixed(r.calls.idsPerCallMean, 2)} ids/call, max ${r.calls.idsPerCallMax}), ` +
          `${r.calls.tooMany}×429` +
          (r.priority
            ? `; priority: ${r.priority.served}/${r.priority.probes} served, p99 ${s(r.priority.p99Ms)}`
            : ''),
        results.failures,
        log,
      );
      results.recurrent.push({ rate, rounds });
    }
  };
  const onboarding = async () => {
    results.onboarding = await repeat(
      `onboarding at ${plan.onboarding.rate}/s for ${plan.onboarding.seconds} s`,
      plan.rounds,
      () => onboardingRound(plan, latencyMs),
      (r) =>
        `${r.created}/${r.requested} created, ${r.withData} linkReady with data, ${r.rateLimited} RATE_LIMITED, ` +
        `${r.missing} missing, p99 ${s(r.p99Ms)}, ${r.calls.total} calls, ${r.calls.tooMany}×429`,
      results.failures,
      log,
    );
  };
  const cold = async () => {
    results.cold = await repeat(
      `cold reads, ${plan.cold.links} links in ${plan.cold.seconds} s`,
      plan.rounds,
      () => coldRound(plan, latencyMs),
      (r) =>
        `${r.served}/${r.queries} served, ${r.rateLimited} RATE_LIMITED, p99 ${s(r.p99Ms)}, ` +
        `${r.calls.total} calls (${fixed(r.calls.idsPerCallMean, 2)} ids/call), ${r.calls.tooMany}×429`,
      results.failures,
      log,
    );
  };
  const scenarios = { recurrent, onboarding, cold };
  const chosen = plan.scenarios.map((name) => scenarios[name]);
  if (plan.sideBySide) await Promise.all(chosen.map((scenario) => scenario()));
  else for (const scenario of chosen) await scenario();
  results.load.end = loadavg();
  results.seconds = (Date.now() - started) / 1000;
  return results;
}
