/** What the budget section measures, at full size or `--quick`; every figure can be overridden from the environment. */
export interface BudgetPlan {
  /** Which scenarios run (BENCH_BUDGET_SCENARIOS=recurrent,onboarding,cold). */
  scenarios: Array<'recurrent' | 'onboarding' | 'cold'>;
  rounds: number;
  /**
   * The scenarios at once, each on its own simulator and gateway (so their budgets do not mix), in a
   * quick run only: a smoke test whose timings share the CPU and are not for comparison.
   */
  sideBySide: boolean;
  /**
   * Before the recurrent updates, wait until the setup's calls (warming the links, subscribing) have
   * left Belvo's window, so every round starts with the whole limit. Off in a quick run (30 s).
   */
  settle: boolean;
  recurrent: {
    /** Links with one `historicalUpdate` subscriber each. */
    links: number;
    /** Webhooks per second, one step each. */
    rates: number[];
    seconds: number;
    /** Seconds between two interactive `link(id)` queries on cold links, at the highest rate. */
    probeEverySeconds: number;
  };
  onboarding: {
    /** `createLink` per second. */
    rate: number;
    seconds: number;
    /** The simulator's extraction delay (SANDBOX_EXTRACTION_DELAY_MS when set). */
    extractionDelayMs: number;
  };
  cold: {
    /** Distinct links, one `link(id)` query each, spread evenly over `seconds`. */
    links: number;
    seconds: number;
  };
  /** How long pushes and answers may still arrive after the load stopped. */
  drainSeconds: number;
}

type Numbers = (name: string, fallback: number[]) => number[];

const SCENARIOS = ['recurrent', 'onboarding', 'cold'] as const;

export function budgetPlan(quick: boolean, numbers: Numbers): BudgetPlan {
  const one = (name: string, full: number, small: number) => numbers(name, [quick ? small : full])[0]!;
  const chosen = process.env.BENCH_BUDGET_SCENARIOS?.split(',').map((name) => name.trim());
  return {
    scenarios: SCENARIOS.filter((name) => !chosen || chosen.includes(name)),
    rounds: one('BENCH_BUDGET_ROUNDS', 3, 1),
    sideBySide: quick,
    settle: !quick,
    recurrent: {
      links: one('BENCH_BUDGET_LINKS', 1_000, 50),
      rates: numbers('BENCH_BUDGET_RATES', quick ? [20] : [10, 50, 100]),
      seconds: one('BENCH_BUDGET_SECONDS', 60, 2),
      probeEverySeconds: one('BENCH_BUDGET_PROBE_EVERY_SECONDS', 3, 0.5),
    },
    onboarding: {
      rate: one('BENCH_BUDGET_ONBOARD_RATE', 2.2, 2),
      seconds: one('BENCH_BUDGET_ONBOARD_SECONDS', 180, 2),
      extractionDelayMs: one('SANDBOX_EXTRACTION_DELAY_MS', 15_000, 1_000),
    },
    cold: {
      links: one('BENCH_BUDGET_COLD_LINKS', 300, 20),
      seconds: one('BENCH_BUDGET_COLD_SECONDS', 30, 2),
    },
    // The rewritten read path lets a push wait up to its deadline (2 minutes by default) for the budget.
    drainSeconds: one('BENCH_BUDGET_DRAIN_SECONDS', 150, 15),
  };
}
