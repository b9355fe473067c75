/** The soak's Markdown and its targets (issue 24's "done when"). */
import { SOAK_TARGET } from './plan.js';
import type { SoakResults, SoakRun } from './soak.js';

/** The same shape as report.ts's Target (kept here so the import runs one way). */
interface SoakTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const count = (value: number) => value.toLocaleString('en');
const INTERNAL = 'INTERNAL_SERVER_ERROR';

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `CODE × n, …`, or `none`. */
function codes(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code} × ${count(n)}`).join(', ');
}

/** Where the figures were taken, and the size beside it when this run was smaller. */
function where(soak: SoakResults): string {
  const { links, rate, seconds } = soak.plan;
  const full = links >= SOAK_TARGET.links && rate >= SOAK_TARGET.rate && seconds >= SOAK_TARGET.seconds;
  return (
    `, ${count(links)} subscribers at ${rate}/s for ${seconds} s` +
    (full
      ? ''
      : ` (target at ${count(SOAK_TARGET.links)} / ${SOAK_TARGET.rate}/s / ${SOAK_TARGET.seconds} s)`)
  );
}

function bound(name: string, met: boolean, target: string, measured: string, gap: string): SoakTarget {
  return { name, target, measured, met, gap: met ? undefined : gap };
}

export function soakTargets(soak: SoakResults): SoakTarget[] {
  const at = where(soak);
  const run = soak.run;
  if (!run) return [bound(`soak${at}`, false, 'runs', 'not measured', soak.failures[0] ?? 'did not run')];
  const internalPushed = run.pushedCodes[INTERNAL] ?? 0;
  const internalMetric = run.metricCodes[INTERNAL] ?? 0;
  const stillOpen = Math.min(run.openAtEnd, soak.plan.links);
  const closed = soak.plan.links - stillOpen;
  return [
    bound(
      `soak: webhook answer p99${at}`,
      run.answerP99Ms <= SOAK_TARGET.answerP99Ms,
      `≤ ${SOAK_TARGET.answerP99Ms / 1000} s`,
      `${fixed(run.answerP99Ms)} ms`,
      `${fixed(run.answerP99Ms - SOAK_TARGET.answerP99Ms)} ms over`,
    ),
    bound(
      `soak: ${INTERNAL}, pushed / in the gateway's /metrics${at}`,
      internalPushed === 0 && internalMetric === 0,
      '0 / 0',
      `${internalPushed} / ${internalMetric}`,
      `${internalPushed + internalMetric} errors`,
    ),
    bound(
      `soak: subscriptions ended (as the client saw; gone at the gateway)${at}`,
      run.ended === 0 && closed === 0,
      '0',
      `${run.ended} (${closed})`,
      `${Math.max(run.ended, closed)} ended`,
    ),
    bound(
      `soak: duplicates (an event twice to one subscriber)${at}`,
      run.duplicates === 0,
      '0',
      String(run.duplicates),
      `${run.duplicates} duplicates`,
    ),
    bound(
      `soak: lost (acknowledged, never pushed by the end of the drain)${at}`,
      run.lost === 0,
      '0',
      `${run.lost} of ${count(run.expected)}`,
      `${run.lost} lost`,
    ),
  ];
}

function runRows(soak: SoakResults, run: SoakRun): Array<[string, string]> {
  const load = (values: number[]) => values.map((v) => fixed(v, 2)).join(' ');
  return [
    ['webhooks sent / due', `${count(run.webhooks)} / ${count(run.planned)}`],
    [
      'webhook answer p50 / p99 / max',
      `${fixed(run.answerP50Ms)} / ${fixed(run.answerP99Ms)} / ${fixed(run.answerMaxMs)} ms`,
    ],
    ['answered 503 (not acknowledged: Belvo delivers again; the bench does not)', count(run.unavailable)],
    ['other answers than 200 / 503', codes(run.otherAnswers)],
    [
      'pushes delivered / expected (one per acknowledged webhook)',
      `${count(run.delivered)} / ${count(run.expected)}`,
    ],
    ['of those, with their data', count(run.withData)],
    ['duplicates (an event twice to one subscriber)', String(run.duplicates)],
    [`lost (never pushed; drain ${fixed(run.drainSeconds, 1)} s)`, String(run.lost)],
    ['pushes of webhooks answered 503', String(run.pushedUnacknowledged)],
    ['pushes without an event id / of unknown events', `${run.anonymous} / ${run.strays}`],
    [
      'webhook sent → push, p50 / p99 / max',
      `${fixed(run.pushP50Ms)} / ${fixed(run.pushP99Ms)} / ${fixed(run.pushMaxMs)} ms`,
    ],
    [
      'subscriptions ended (client: complete / error / socket closed); open at the gateway after the drain',
      `${run.ended}; ${count(run.openAtEnd)} of ${count(soak.plan.links)}`,
    ],
    [
      `${INTERNAL} pushed / in /metrics (\`gateway_graphql_errors_total\`)`,
      `${run.pushedCodes[INTERNAL] ?? 0} / ${run.metricCodes[INTERNAL] ?? 0}`,
    ],
    ['error codes pushed', codes(run.pushedCodes)],
    ["error codes in the gateway's /metrics (its whole life)", codes(run.metricCodes)],
    [
      'gateway CPU (100% = one core); the driver (simulator + webhook sender)',
      `${fixed(run.gatewayCpuPercent)}%; ${fixed(run.driverCpuPercent)}%`,
    ],
    [
      'gateway RSS when sending started → after the drain',
      `${fixed(run.gatewayRssMiB.start)} → ${fixed(run.gatewayRssMiB.end)} MiB`,
    ],
    ['subscribing (all open at the gateway)', `${fixed(run.subscribeSeconds, 1)} s`],
    ["webhook sender's worst lag behind its schedule", `${fixed(run.senderLagMaxMs)} ms`],
    ['load average (1/5/15 min) at the start → the end', `${load(soak.load.start)} → ${load(soak.load.end)}`],
  ];
}

export function soakMarkdown(soak: SoakResults): string {
  const { links, rate, seconds, windowSeconds } = soak.plan;
  const lines = [
    `## Soak: ${count(links)} subscribers, ${rate} webhooks/s for ${seconds} s, PostgreSQL (CPU only, no Belvo limit)`,
    '',
    `One gateway process on a fresh PostgreSQL database; ${count(links)} links with one \`historicalUpdate\` subscriber each over WebSocket (a client process of its own, 100 per socket); ` +
      `EMPLOYMENTS / OWNERS \`historical_update\` webhooks alternating at a steady ${rate}/s over the links, each with its own \`request_id\` (so none folds), the per-link cap at its default (${soak.maxEventsPerLinkPerMinute} a minute); ` +
      `each push reads its data from the simulator (${soak.upstreamLatencyMs} ms per call). ` +
      `The simulator enforces no rate limit and the gateway's budget is opened up: this measures the gateway's own behaviour over time, not Belvo's capacity. ` +
      `The gateway, PostgreSQL, the simulator with the webhook sender, and the subscribers share the machine's ${soak.cores} cores. ${fixed(soak.seconds)} s in all.`,
    '',
  ];
  const run = soak.run;
  if (run) {
    lines.push(
      table(['measure', 'value'], runRows(soak, run)),
      '',
      `By ${windowSeconds} s window (webhooks counted in the window that sent them; RSS at its end):`,
      '',
      table(
        [
          'from s',
          'webhooks',
          'answer p50 ms',
          'answer p99 ms',
          'answer max ms',
          '503s',
          'push p99 ms',
          'gateway CPU %',
          'gateway RSS MiB',
        ],
        run.windows.map((w) => [
          w.fromSeconds,
          w.webhooks,
          fixed(w.answerP50Ms),
          fixed(w.answerP99Ms),
          fixed(w.answerMaxMs),
          w.unavailable,
          fixed(w.pushP99Ms),
          fixed(w.gatewayCpuPercent),
          `${fixed(w.gatewayRssMiB)}${w.overloaded ? ' (sender stopped: overloaded)' : ''}`,
        ]),
      ),
      '',
    );
    if (run.failures.length > 0)
      lines.push('First failures seen:', '', ...run.failures.map((f) => `- ${f}`), '');
  }
  if (soak.failures.length > 0)
    lines.push('**Not measured:**', '', ...soak.failures.map((f) => `- ${f}`), '');
  return lines.join('\n');
}
