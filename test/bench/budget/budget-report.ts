/** The budget section's Markdown and its targets (issue 23's): medians of the rounds with min–max. */
import type { Spread } from '../push/measure.js';
import type { BudgetResults } from './budget.js';
import type { Calls } from './calls.js';
import { spreadOf } from './percentiles.js';
import type { RecurrentRound } from './recurrent.js';

/** The same shape as report.ts's Target (kept here so the import runs one way). */
interface BudgetTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

/** The issue's figures: what a full run is held to. */
const FULL = { links: 1_000, rate: 100, pushP99Ms: 5_000, onboardRate: 2.2, onboardSeconds: 180 } as const;
const COLD = { links: 300, seconds: 30, calls: 20, p99Ms: 10_000 } as const;
const ONBOARD_P99_MS = 25_000;
const PRIORITY_P99_MS = 2_000;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
/** Median (min–max), or the median alone when every round agrees. */
const ranged = (s: Spread, digits = 0, scale = 1) =>
  !Number.isFinite(s.median)
    ? '—'
    : s.min === s.max
      ? fixed(s.median / scale, digits)
      : `${fixed(s.median / scale, digits)} (${fixed(s.min / scale, digits)}–${fixed(s.max / scale, digits)})`;
const seconds = (s: Spread) => ranged(s, 1, 1000);
const over = <T>(rounds: T[], pick: (round: T) => number | null) => spreadOf(rounds.map(pick));

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The call columns every scenario shares. */
function callCells<T extends { calls: Calls }>(rounds: T[]): string[] {
  const calls = (pick: (calls: Calls) => number | null) => over(rounds, (round) => pick(round.calls));
  return [
    ranged(calls((c) => c.total)),
    `${ranged(
      calls((c) => c.idsPerCallMean),
      2,
    )} / ${ranged(calls((c) => c.idsPerCallMax))}`,
    `${ranged(calls((c) => c.ids))} of ${ranged(calls((c) => (c.allowed === null ? null : c.allowed * 50)))}`,
    ranged(calls((c) => c.tooMany)),
  ];
}
const CALL_HEADERS = ['Belvo calls', 'ids per call (mean / max)', 'ids read (of allowed calls × 50)', '429s'];

/** Codes of every error seen, summed over rounds, e.g. `RATE_LIMITED × 365`. */
function codesSeen(rounds: Array<{ codes: Record<string, number> }>): string {
  const sum: Record<string, number> = {};
  for (const round of rounds)
    for (const [code, n] of Object.entries(round.codes)) sum[code] = (sum[code] ?? 0) + n;
  const entries = Object.entries(sum);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code} × ${n}`).join(', ');
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : NaN);

/** The highest rate whose every round pushed all its data, p99 ≤ 5 s, with no 429. */
function highestRecurrent(budget: BudgetResults): number {
  const fits = (rounds: RecurrentRound[]) =>
    rounds.length > 0 &&
    rounds.every((r) => r.withData === r.planned && r.calls.tooMany === 0) &&
    over(rounds, (r) => r.pushP99Ms).median <= FULL.pushP99Ms;
  return Math.max(0, ...budget.recurrent.filter((step) => fits(step.rounds)).map((step) => step.rate));
}

function bound(name: string, met: boolean, target: string, measured: string, gap: string): BudgetTarget {
  return { name, target, measured, met, gap: met ? undefined : gap };
}

export function budgetTargets(budget: BudgetResults): BudgetTarget[] {
  const targets: BudgetTarget[] = [];
  const plan = budget.plan;
  const all = [...budget.recurrent.flatMap((step) => step.rounds), ...budget.onboarding, ...budget.cold];
  const top = budget.recurrent.at(-1);
  if (top && top.rounds.length > 0) {
    const rounds = top.rounds;
    const full = plan.recurrent.links === FULL.links && top.rate === FULL.rate;
    const where = `, ${plan.recurrent.links} links at ${top.rate}/s${full ? '' : ` (target at ${FULL.links} / ${FULL.rate})`}`;
    // Of the webhooks due: a sender stopped early by unanswered webhooks is a miss too.
    const worst = Math.min(...rounds.map((r) => share(r.withData, r.planned)));
    const p99 = over(rounds, (r) => r.pushP99Ms).median;
    targets.push(
      bound(
        `recurrent updates: pushes with data (worst round)${where}`,
        worst >= 1,
        '100%',
        `${fixed(worst * 100)}%`,
        `${fixed((1 - worst) * 100)}% of pushes without their data`,
      ),
      bound(
        `recurrent updates: push p99 (with data)${where}`,
        p99 <= FULL.pushP99Ms,
        `≤ ${FULL.pushP99Ms / 1000} s`,
        `${fixed(p99 / 1000)} s`,
        `${fixed((p99 - FULL.pushP99Ms) / 1000)} s over`,
      ),
    );
    const probes = rounds.flatMap((r) => (r.priority ? [r.priority] : []));
    if (probes.length > 0) {
      const p = over(probes, (r) => r.p99Ms).median;
      const missed = probes.reduce((sum, r) => sum + r.probes - r.served, 0);
      targets.push(
        bound(
          `priority: interactive cold \`link(id)\` p99 during the updates${where}`,
          p <= PRIORITY_P99_MS && missed === 0,
          `≤ ${PRIORITY_P99_MS / 1000} s, every query served`,
          Number.isFinite(p) ? `${fixed(p / 1000, 2)} s, ${missed} not served` : `none of ${missed} served`,
          missed > 0 ? `${missed} queries without data` : `${fixed((p - PRIORITY_P99_MS) / 1000, 2)} s over`,
        ),
      );
    }
  }
  if (budget.onboarding.length > 0) {
    const rounds = budget.onboarding;
    const o = plan.onboarding;
    const full = o.rate >= FULL.onboardRate && o.seconds >= FULL.onboardSeconds;
    const where = `, ${o.rate}/s for ${o.seconds} s${full ? '' : ` (target: ${FULL.onboardRate}/s for ${FULL.onboardSeconds} s)`}`;
    const worst = Math.min(...rounds.map((r) => share(r.withData, r.requested)));
    const rate = over(rounds, (r) => r.readyPerSecond).median;
    const p99 = over(rounds, (r) => r.p99Ms).median;
    targets.push(
      bound(
        `onboarding: new links per second with their data, every linkReady with data${where}`,
        rate >= FULL.onboardRate && worst >= 1,
        `≥ ${FULL.onboardRate}/s, 100%`,
        `${fixed(rate, 2)}/s, ${fixed(worst * 100)}% (worst round)`,
        `${fixed(rate, 2)}/s with data`,
      ),
      bound(
        `onboarding: createLink → linkReady with data, p99${where}`,
        p99 <= ONBOARD_P99_MS,
        `≤ ${ONBOARD_P99_MS / 1000} s`,
        `${fixed(p99 / 1000)} s`,
        `${fixed((p99 - ONBOARD_P99_MS) / 1000)} s over`,
      ),
    );
  }
  if (budget.cold.length > 0) {
    const rounds = budget.cold;
    const c = plan.cold;
    const full = c.links === COLD.links && c.seconds <= COLD.seconds;
    const where = `, ${c.links} links in ${c.seconds} s${full ? '' : ` (target at ${COLD.links} in ${COLD.seconds} s)`}`;
    const served = Math.min(...rounds.map((r) => r.served));
    const calls = over(rounds, (r) => r.calls.total).max;
    const p99 = over(rounds, (r) => r.allP99Ms).median;
    targets.push(
      bound(
        `cold reads: served with data (worst round)${where}`,
        served === c.links,
        `${c.links} / ${c.links}`,
        `${served} / ${c.links}`,
        `${c.links - served} without data`,
      ),
      bound(
        `cold reads: Belvo calls (most in a round)${where}`,
        calls <= COLD.calls,
        `≤ ${COLD.calls}`,
        String(calls),
        `${calls - COLD.calls} over`,
      ),
      bound(
        `cold reads: p99 of every query${where}`,
        p99 <= COLD.p99Ms,
        `≤ ${COLD.p99Ms / 1000} s`,
        `${fixed(p99 / 1000)} s`,
        `${fixed((p99 - COLD.p99Ms) / 1000)} s over`,
      ),
    );
  }
  if (all.length > 0) {
    const tooMany = all.reduce((sum, round) => sum + round.calls.tooMany, 0);
    targets.push(
      bound(
        "Belvo's 429s, every budget scenario and round",
        tooMany === 0,
        '0',
        String(tooMany),
        `${tooMany} × 429: Belvo may block the IP`,
      ),
    );
  }
  return targets;
}

export function budgetMarkdown(budget: BudgetResults): string {
  const plan = budget.plan;
  const lines = [
    `## Against Belvo's limit: the simulator enforcing 80 requests / 30 s, the gateway's budget at its defaults`,
    '',
    `Each round on a fresh simulator and gateway; figures are medians of ${plan.rounds} round${plan.rounds === 1 ? '' : 's'} with min–max beside them` +
      `${plan.sideBySide ? ' (quick run: the scenarios side by side, sharing the CPU)' : ''}. Upstream latency ${budget.upstreamLatencyMs} ms per call. ` +
      `Calls are counted in the simulator's own request log; "ids read" sums the link ids the reads named (a \`link__in\` / \`id__in\` list, or one link), ` +
      `beside the most the limit allows in the same time (80 calls per 30 s × 50 ids). Load average (1/5/15 min): ` +
      `${budget.load.start.map((v) => fixed(v, 2)).join(' ')} at the start, ${budget.load.end.map((v) => fixed(v, 2)).join(' ')} at the end; ${fixed(budget.seconds, 0)} s.`,
    '',
  ];
  if (budget.recurrent.length > 0) {
    lines.push(
      `**Recurrent updates**: ${plan.recurrent.links} links with one \`historicalUpdate\` subscriber each, EMPLOYMENTS / OWNERS \`historical_update\` webhooks alternating for ${plan.recurrent.seconds} s; push times from the webhook's send to the push with its data. Before each round the subscribed links are read 50 per query (a subscription reads its link as it starts)${plan.settle ? ", then the round waits until those calls have left Belvo's window" : ''}.`,
      '',
      table(
        [
          'webhooks/s',
          'sent / due',
          'webhook answer p99 s',
          'pushes with data',
          'pushes with RATE_LIMITED',
          'no push',
          'push p99 s (with data)',
          'gateway CPU %',
          ...CALL_HEADERS,
        ],
        budget.recurrent.map(({ rate, rounds }) => [
          rate,
          `${ranged(over(rounds, (r) => r.webhooks))} / ${ranged(over(rounds, (r) => r.planned))}`,
          seconds(over(rounds, (r) => r.answerP99Ms)),
          ranged(over(rounds, (r) => r.withData)),
          ranged(over(rounds, (r) => r.rateLimited)),
          ranged(over(rounds, (r) => r.missing)),
          seconds(over(rounds, (r) => r.pushP99Ms)),
          ranged(over(rounds, (r) => r.gatewayCpuPercent)),
          ...callCells(rounds),
        ]),
      ),
      '',
      `The sender stops early when more than 5 s of webhooks (at least 64) are unanswered (Belvo waits 5 s for an answer). Gateway CPU: its process's CPU time over the round (100% = one core). Errors pushed: ${codesSeen(budget.recurrent.flatMap((step) => step.rounds))}. Highest rate with every push carrying its data, p99 ≤ 5 s and no 429: ${highestRecurrent(budget) || 'none of the steps'}${highestRecurrent(budget) ? '/s' : ''}.`,
      '',
    );
    const probed = budget.recurrent.filter((step) => step.rounds.some((r) => r.priority));
    if (probed.length > 0)
      lines.push(
        `**Priority**: an interactive \`link(id) { employments owners }\` query on a cold link every ${plan.recurrent.probeEverySeconds} s while the updates run.`,
        '',
        table(
          [
            'during',
            'queries',
            'served with data',
            'RATE_LIMITED',
            'p50 s (served)',
            'p99 s (served)',
            'max s (served)',
          ],
          probed.map(({ rate, rounds }) => {
            const probes = rounds.flatMap((r) => (r.priority ? [r.priority] : []));
            return [
              `${rate} webhooks/s`,
              ranged(over(probes, (p) => p.probes)),
              ranged(over(probes, (p) => p.served)),
              ranged(over(probes, (p) => p.rateLimited)),
              seconds(over(probes, (p) => p.p50Ms)),
              seconds(over(probes, (p) => p.p99Ms)),
              seconds(over(probes, (p) => p.maxMs)),
            ];
          }),
        ),
        '',
      );
  }
  if (budget.onboarding.length > 0) {
    const rounds = budget.onboarding;
    const o = plan.onboarding;
    lines.push(
      `**Onboarding**: \`createLink\` at ${o.rate}/s for ${o.seconds} s, a \`linkReady\` subscriber each, the simulator extracting in ${fixed(o.extractionDelayMs / 1000)} s; times from the \`createLink\` request to the push with the data.`,
      '',
      table(
        [
          'created',
          'linkReady with data',
          'with RATE_LIMITED',
          'no push',
          'links/s with data',
          'p99 s',
          ...CALL_HEADERS,
        ],
        [
          [
            `${ranged(over(rounds, (r) => r.created))} / ${ranged(over(rounds, (r) => r.requested))}`,
            ranged(over(rounds, (r) => r.withData)),
            ranged(over(rounds, (r) => r.rateLimited)),
            ranged(over(rounds, (r) => r.missing)),
            ranged(
              over(rounds, (r) => r.readyPerSecond),
              2,
            ),
            seconds(over(rounds, (r) => r.p99Ms)),
            ...callCells(rounds),
          ],
        ],
      ),
      '',
      `Calls by kind (median): ${ranged(over(rounds, (r) => r.calls.creates))} creates, ${ranged(over(rounds, (r) => r.calls.linkReads))} link reads, ` +
        `${ranged(over(rounds, (r) => r.calls.employmentReads))} employment reads, ${ranged(over(rounds, (r) => r.calls.ownerReads))} owner reads. ` +
        `\`createLink\` errors: ${codesSeen(rounds.map((r) => ({ codes: r.createCodes })))}; \`linkReady\` errors: ${codesSeen(rounds)}.`,
      '',
    );
  }
  if (budget.cold.length > 0) {
    const rounds = budget.cold;
    lines.push(
      `**Cold reads**: ${plan.cold.links} distinct links, one \`link(id) { employments { id } owners { id } }\` query each, spread evenly over ${plan.cold.seconds} s.`,
      '',
      table(
        ['served with data', 'RATE_LIMITED', 'p99 s (served)', 'p99 s (every query)', ...CALL_HEADERS],
        [
          [
            `${ranged(over(rounds, (r) => r.served))} / ${ranged(over(rounds, (r) => r.queries))}`,
            ranged(over(rounds, (r) => r.rateLimited)),
            seconds(over(rounds, (r) => r.p99Ms)),
            seconds(over(rounds, (r) => r.allP99Ms)),
            ...callCells(rounds),
          ],
        ],
      ),
      '',
      `Errors: ${codesSeen(rounds)}.`,
      '',
    );
  }
  if (budget.failures.length > 0)
    lines.push('**Not measured:**', '', ...budget.failures.map((f) => `- ${f}`), '');
  return lines.join('\n');
}

/** The README's capacity lines against Belvo's limit: what a Belvo customer gets from one gateway. */
export function budgetCapacityMarkdown(budget: BudgetResults): string {
  const rows: Array<Array<string | number>> = [];
  if (budget.recurrent.length > 0) {
    const best = highestRecurrent(budget);
    rows.push([
      `webhooks/s with every push carrying its data, p99 ≤ 5 s, no 429 (${budget.plan.recurrent.links} links; steps ${budget.plan.recurrent.rates.join('/')})`,
      best > 0 ? `${best}/s` : 'none of the steps',
    ]);
  }
  if (budget.onboarding.length > 0)
    rows.push([
      `new links per second with their data (\`createLink\` at ${budget.plan.onboarding.rate}/s for ${budget.plan.onboarding.seconds} s)`,
      `${ranged(
        over(budget.onboarding, (r) => r.readyPerSecond),
        2,
      )}/s, p99 ${seconds(over(budget.onboarding, (r) => r.p99Ms))} s`,
    ]);
  if (budget.cold.length > 0)
    rows.push([
      `cold \`link(id)\` queries served with data, ${budget.plan.cold.links} distinct links in ${budget.plan.cold.seconds} s`,
      `${ranged(over(budget.cold, (r) => r.served))} / ${budget.plan.cold.links}, ${ranged(over(budget.cold, (r) => r.calls.total))} calls`,
    ]);
  const probes = budget.recurrent.flatMap((step) =>
    step.rounds.flatMap((r) => (r.priority ? [r.priority] : [])),
  );
  if (probes.length > 0)
    rows.push([
      `interactive cold \`link(id)\` p99 during ${budget.recurrent.at(-1)!.rate} webhooks/s`,
      `${seconds(over(probes, (p) => p.p99Ms))} s (${probes.reduce((sum, p) => sum + p.served, 0)} of ${probes.reduce((sum, p) => sum + p.probes, 0)} served)`,
    ]);
  return table(['against Belvo’s limit (80 requests / 30 s)', 'one instance'], rows);
}
