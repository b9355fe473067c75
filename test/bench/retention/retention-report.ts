import type { RetentionResults } from './retention.js';

/** The same shape as report.ts's Target (kept here so the import runs one way). */
interface RetentionTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

const PRUNE_TARGET_SECONDS = 30;
const REPLAY_TARGET_MS = 10;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const size = (results: RetentionResults) =>
  `${results.plan.events.toLocaleString('en')} events of ${results.plan.links.toLocaleString('en')} links`;

export function retentionTargets(results: RetentionResults): RetentionTarget[] {
  const prune = results.pruneSeconds;
  const replay = results.replayP99Ms;
  return [
    {
      name: `a day's prune, ${size(results)}`,
      target: `< ${PRUNE_TARGET_SECONDS} s`,
      measured: `${fixed(prune)} s`,
      met: prune < PRUNE_TARGET_SECONDS,
      ...(prune >= PRUNE_TARGET_SECONDS && { gap: `${fixed(prune / PRUNE_TARGET_SECONDS)}×` }),
    },
    {
      name: `a replay of one link, p99, ${size(results)}`,
      target: `< ${REPLAY_TARGET_MS} ms`,
      measured: `${fixed(replay)} ms`,
      met: replay < REPLAY_TARGET_MS,
      ...(replay >= REPLAY_TARGET_MS && { gap: `${fixed(replay / REPLAY_TARGET_MS)}×` }),
    },
  ];
}

export function retentionMarkdown(results: RetentionResults): string {
  const rows: Array<[string, string]> = [
    ['log (table and indexes)', `${fixed(results.logMegabytes, 0)} MB`],
    ['fill (INSERT … SELECT generate_series)', `${fixed(results.fillSeconds)} s`],
    ['events pruned (the oldest of 30 days)', results.prunedEvents.toLocaleString('en')],
    ["a day's prune", `${fixed(results.pruneSeconds, 2)} s`],
    ['the same prune again (nothing due)', `${fixed(results.idlePruneMs)} ms`],
    [
      `replay of one link, p50 / p99 (${results.plan.replays})`,
      `${fixed(results.replayP50Ms, 2)} / ${fixed(results.replayP99Ms, 2)} ms`,
    ],
    ['resume after a cursor, p50', `${fixed(results.resumeP50Ms, 2)} ms`],
  ];
  return [
    `## Retention: ${size(results)} in PostgreSQL (a month of a large lender's traffic)`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([measure, value]) => `| ${measure} | ${value} |`),
    '',
  ].join('\n');
}
