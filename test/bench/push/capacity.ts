import type { PushResults, PushRow } from './push.js';
import { highestSustained, SUSTAINED_P99_MS } from './push-report.js';

const ONE = 'gateway, one instance';
const TWO = 'gateway, two instances (Redis)';

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const rate = (value: number) => (value > 0 ? `${value}/s` : `< lowest step`);

/** The heaviest measured row of a setup: most links, then highest rate. */
function heaviest(rows: PushRow[], setup: string, transport: string) {
  return rows
    .filter((row) => row.setup === setup && row.transport === transport && row.links === row.subscribers)
    .sort((a, b) => b.links - a.links || b.rate - a.rate)[0];
}

/**
 * What an operator sizes with, from the realistic push rows: subscriptions and webhooks per second
 * per instance at push p99 ≤ 100 ms, memory per subscription, and what a second instance adds.
 */
export function capacityMarkdown(push: PushResults): string {
  const rows = push.rows;
  const lines: Array<Array<string | number>> = [];
  for (const transport of ['WebSocket', 'SSE']) {
    const sizes = [
      ...new Set(
        rows
          .filter((r) => r.setup === ONE && r.transport === transport && r.links === r.subscribers)
          .map((r) => r.links),
      ),
    ];
    for (const links of sizes) {
      const two = rows.some((r) => r.setup === TWO && r.transport === transport && r.links === links);
      lines.push([
        `webhooks/s with push p99 ≤ ${SUSTAINED_P99_MS} ms, ${links} subscribers over ${transport}`,
        rate(highestSustained(rows, ONE, transport, links)),
        two ? rate(highestSustained(rows, TWO, transport, links)) : 'not measured',
      ]);
    }
    const one = rows.find(
      (r) =>
        r.links === r.subscribers &&
        r.setup === ONE &&
        r.transport === transport &&
        r.heapBytesPerSubscription !== null &&
        r.links === Math.max(...sizes),
    );
    if (one)
      lines.push([
        `heap per idle subscription over ${transport} (${one.links} open)`,
        `${(one.heapBytesPerSubscription! / 1024).toFixed(1)} KB`,
        '',
      ]);
    const top = heaviest(rows, ONE, transport);
    if (top)
      lines.push([
        `RSS, ${top.links} subscribers over ${transport} at ${top.rate} webhooks/s`,
        `${top.rssMiB.median.toFixed(0)} MiB`,
        '',
      ]);
  }
  const twoTop = heaviest(rows, TWO, 'WebSocket');
  if (twoTop)
    lines.push([
      `RSS per instance (the larger), ${twoTop.links} subscribers at ${twoTop.rate}/s`,
      '',
      `${twoTop.rssMiB.median.toFixed(0)} MiB`,
    ]);
  return [
    table(['', 'one instance', 'two instances over Redis'], lines),
    '',
    `Steps measured: ${push.plan.rates.join(', ')} webhooks/s (each webhook one event pushed to one subscriber, with its data read upstream); "${rate(0)}" means even the lowest step missed. Subscribers, webhook sender and simulator share the same 2 cores as the gateway, so a dedicated machine does better.`,
  ].join('\n');
}
