/** What the soak runs, at full size or `--quick`; every figure can be overridden from the environment. */
export interface SoakPlan {
  /** Links with one `historicalUpdate` subscriber each (BENCH_SOAK_LINKS). */
  links: number;
  /** Webhooks per second, steady (BENCH_SOAK_RATE). */
  rate: number;
  /** Seconds of sending (BENCH_SOAK_SECONDS). */
  seconds: number;
  /** The run is reported in windows of this many seconds, to show drift over time (BENCH_SOAK_WINDOW_SECONDS). */
  windowSeconds: number;
  /** How long pushes may still arrive after the last webhook before the missing ones count as lost. */
  drainSeconds: number;
}

type Numbers = (name: string, fallback: number[]) => number[];

/** The figures of issue 24's "done when": what a full run is held to. */
export const SOAK_TARGET = { links: 1_000, rate: 50, seconds: 180, answerP99Ms: 1_000 } as const;

export function soakPlan(quick: boolean, numbers: Numbers): SoakPlan {
  const one = (name: string, full: number, small: number) => numbers(name, [quick ? small : full])[0]!;
  return {
    links: one('BENCH_SOAK_LINKS', SOAK_TARGET.links, 20),
    rate: one('BENCH_SOAK_RATE', SOAK_TARGET.rate, 10),
    seconds: one('BENCH_SOAK_SECONDS', SOAK_TARGET.seconds, 5),
    windowSeconds: one('BENCH_SOAK_WINDOW_SECONDS', 30, 5),
    drainSeconds: one('BENCH_SOAK_DRAIN_SECONDS', 30, 10),
  };
}
