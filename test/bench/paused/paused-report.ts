/** The paused-sockets section's Markdown and its target (issue 24). */
import type { PausedPhase, PausedResults } from './paused.js';

/** Issue 24: with 10 paused sockets, webhook answer p99 within 1.5× the same run without them. */
export const PAUSED_TARGET = { sockets: 10, ratio: 1.5 } as const;

interface PausedTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/** Medians over the rounds of each phase's answer p99, and their ratio. */
export function pausedSummary(results: PausedResults) {
  const without = median(results.rounds.map((round) => round.without.answerP99Ms));
  const paused = median(results.rounds.map((round) => round.with.answerP99Ms));
  return { without, paused, ratio: paused / without };
}

export function pausedTargets(results: PausedResults): PausedTarget[] {
  const { plan } = results;
  const name = `webhook answer p99 with ${plan.paused} paused sockets ÷ without, same run (${plan.links} subscribers, ${plan.rate}/s)`;
  if (results.rounds.length === 0)
    return [
      {
        name,
        target: `≤ ${PAUSED_TARGET.ratio}×`,
        measured: 'not measured',
        met: false,
        gap: results.failures[0],
      },
    ];
  const { without, paused, ratio } = pausedSummary(results);
  const met = ratio <= PAUSED_TARGET.ratio && plan.paused >= PAUSED_TARGET.sockets;
  return [
    {
      name,
      target: `≤ ${PAUSED_TARGET.ratio}× (at ${PAUSED_TARGET.sockets} sockets)`,
      measured: `${fixed(ratio, 2)}× (${fixed(paused)} / ${fixed(without)} ms)`,
      met,
      gap: met ? undefined : `${fixed(ratio, 2)}×`,
    },
  ];
}

const row = (round: number, label: string, phase: PausedPhase, paused: number) => [
  round,
  label,
  phase.webhooks,
  `${fixed(phase.answerP50Ms)} / ${fixed(phase.answerP99Ms)} / ${fixed(phase.answerMaxMs)}`,
  phase.refused,
  fixed(phase.pushP99Ms),
  phase.missing,
  phase.paused === 0 ? '—' : `${phase.stillPaused} of ${paused}`,
];

export function pausedMarkdown(results: PausedResults): string {
  const { plan } = results;
  const lines = [
    `## Paused sockets: webhook answers with ${plan.paused} subscribers that stop reading (CPU only, no Belvo limit)`,
    '',
    `One gateway process on a fresh PostgreSQL database; ${plan.links} links with one \`historicalUpdate\` subscriber each (a client process of its own, reading). ` +
      `Each round sends EMPLOYMENTS / OWNERS \`historical_update\` webhooks at ${plan.rate}/s for ${plan.seconds} s twice: first alone, then with ${plan.paused} extra WebSockets that subscribe to every link for its whole history (several KB a push) and then read nothing ` +
      `(the gateway's \`WS_MAX_BUFFERED_BYTES\` and \`WS_KEEPALIVE_MS\` raised so they stay connected for the whole phase; by default a socket that stops reading is dropped when it misses a pong or holds 1 MiB). Pushes read their data from the simulator (${results.upstreamLatencyMs} ms per call). ` +
      `Everything shares the machine's ${results.cores} cores; ${fixed(results.seconds)} s in all.`,
    '',
  ];
  if (results.rounds.length > 0) {
    const { without, paused, ratio } = pausedSummary(results);
    lines.push(
      `Answer p99, median of ${results.rounds.length} rounds: **${fixed(without)} ms without, ${fixed(paused)} ms with ${plan.paused} paused sockets: ${fixed(ratio, 2)}×** (target ≤ ${PAUSED_TARGET.ratio}×).`,
      '',
      '| round | phase | webhooks | answer p50 / p99 / max ms | not 200 | push p99 ms (readers) | not pushed | paused sockets still subscribed |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.rounds
        .flatMap((round, i) => [
          row(i + 1, 'without', round.without, plan.paused),
          row(i + 1, `with ${plan.paused} paused`, round.with, plan.paused),
        ])
        .map((cells) => `| ${cells.join(' | ')} |`),
      '',
    );
  }
  if (results.failures.length > 0)
    lines.push('**Not measured:**', '', ...results.failures.map((f) => `- ${f}`), '');
  return lines.join('\n');
}
