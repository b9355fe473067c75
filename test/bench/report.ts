import type { CostRow, PaginationRow } from './upstream-cost.js';
import type { FanoutRow } from './fanout.js';
import type { OverheadRow } from './overhead.js';
import type { BudgetResults } from './budget/budget.js';
import type { PushResults } from './push/push.js';
import { budgetMarkdown, budgetTargets } from './budget/budget-report.js';
import { pushMarkdown, pushTargets } from './push/push-report.js';
import type { RetentionResults } from './retention/retention.js';
import { retentionMarkdown, retentionTargets } from './retention/retention-report.js';
import type { SoakResults } from './soak/soak.js';
import { soakMarkdown, soakTargets } from './soak/soak-report.js';
import type { PausedResults } from './paused/paused.js';
import { pausedMarkdown, pausedTargets } from './paused/paused-report.js';

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  /** How far off, when missed. */
  gap?: string;
}

export interface BenchResults {
  timestamp: string;
  quick: boolean;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    platform: string;
    /** os.loadavg() (1, 5, 15 min) when the run started and ended: other work on the machine. */
    loadAverage: { start: number[]; end: number[] };
  };
  settings: { upstreamLatencyMs: number; redis: string | null; overheadSeconds: number };
  upstreamCost: CostRow[];
  pagination: PaginationRow[];
  overhead: OverheadRow[];
  fanout: FanoutRow[];
  push: PushResults;
  /** Against the simulator enforcing Belvo's limit; absent from results of runs before it existed. */
  budget?: BudgetResults;
  /** The event log in PostgreSQL at a month's size; absent from results of runs before it existed. */
  retention?: RetentionResults;
  /** The gateway held for minutes under steady load; absent from results of runs before it existed. */
  soak?: SoakResults;
  /** Webhook answers with subscribers that stop reading; absent from results of runs before it existed. */
  paused?: PausedResults;
  targets: Target[];
  durationSeconds: number;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function evaluateTargets(results: Omit<BenchResults, 'targets' | 'durationSeconds'>): Target[] {
  const targets: Target[] = [];
  for (const row of results.upstreamCost.filter((r) => r.implementation === 'gateway')) {
    const bound = 1 + 2 * Math.ceil(row.links / 50);
    targets.push({
      name: `upstream calls, ${row.links} links, cold / warm`,
      target: `≤ ${bound} / 0`,
      measured: `${row.coldRequests} / ${row.warmRequests}`,
      met: row.coldRequests <= bound && row.warmRequests === 0,
    });
  }
  const largest = Math.max(...results.upstreamCost.map((row) => row.links));
  const gateway = results.upstreamCost.find((r) => r.links === largest && r.implementation === 'gateway');
  const naive = results.upstreamCost.find((r) => r.links === largest && r.implementation === 'naive');
  if (gateway && naive && largest >= 200) {
    const ratio = naive.coldRequests / gateway.coldRequests;
    targets.push({
      name: `fewer calls than the naive baseline at ${largest} links`,
      target: '≥ 30×',
      measured: `${fixed(ratio)}×`,
      met: ratio >= 30,
      gap: ratio >= 30 ? undefined : `${fixed(30 - ratio)}× short`,
    });
  }
  const rps = (prefix: string) =>
    results.overhead.find((row) => row.target.startsWith(prefix))?.requestsPerSecond;
  const ours = rps('gateway');
  const bare = rps('bare');
  if (ours && bare) {
    const ratio = ours / bare;
    targets.push({
      name: 'cached link query throughput vs bare Apollo Server 5',
      target: '≥ 1.0 (stretch 1.5)',
      measured: fixed(ratio, 2),
      met: ratio >= 1,
      gap: ratio >= 1 ? undefined : `${fixed((1 - ratio) * 100, 0)}% short`,
    });
  }
  for (const [setup, limit] of [
    ['one instance, memory pub/sub', 25],
    ['two instances, Redis pub/sub', 50],
  ] as const) {
    const rows = results.fanout.filter((row) => row.setup === setup && row.transport !== 'SSE');
    const top = rows.at(-1);
    if (!top) continue;
    targets.push({
      name: `webhook → client p99, ${top.subscribers} subscribers, ${setup}`,
      target: top.subscribers >= 10_000 ? `≤ ${limit} ms` : `≤ ${limit} ms (at 10,000)`,
      measured: `${fixed(top.p99Ms)} ms`,
      met: top.p99Ms <= limit,
      gap: top.p99Ms <= limit ? undefined : `${fixed(top.p99Ms - limit)} ms over`,
    });
  }
  if (results.push) targets.push(...pushTargets(results.push));
  if (results.budget) targets.push(...budgetTargets(results.budget));
  if (results.retention) targets.push(...retentionTargets(results.retention));
  if (results.soak) targets.push(...soakTargets(results.soak));
  if (results.paused) targets.push(...pausedTargets(results.paused));
  const heap = results.fanout
    .filter((row) => row.heapBytesPerSubscription !== null && row.transport !== 'SSE')
    .at(-1);
  if (heap?.heapBytesPerSubscription != null) {
    const kb = heap.heapBytesPerSubscription / 1024;
    targets.push({
      name: `gateway heap per idle subscription (${heap.subscribers} subscribers)`,
      target: '≤ 8 KB',
      measured: `${fixed(kb)} KB`,
      met: kb <= 8,
      gap: kb <= 8 ? undefined : `${fixed(kb - 8)} KB over`,
    });
  }
  return targets;
}

export function toMarkdown(results: BenchResults): string {
  const m = results.machine;
  const cost = results.upstreamCost;
  const sizes = [...new Set(cost.map((row) => row.links))];
  const of = (n: number, implementation: CostRow['implementation']) =>
    cost.find((row) => row.links === n && row.implementation === implementation)!;
  return [
    `# Benchmark results${results.quick ? ' (quick mode: smoke only, not for comparison)' : ''}`,
    '',
    `${results.timestamp} · ${m.cpu} × ${m.cores} · ${m.memoryGiB} GiB · Node ${m.node} · ${m.platform} · ` +
      `upstream latency ${results.settings.upstreamLatencyMs} ms per call · ${fixed(results.durationSeconds, 0)} s in all · ` +
      (m.loadAverage
        ? `load average ${m.loadAverage.start.map((v) => fixed(v, 2)).join(' ')} at the start, ${m.loadAverage.end.map((v) => fixed(v, 2)).join(' ')} at the end`
        : 'load average not recorded'),
    '',
    '## Targets',
    '',
    table(
      ['', 'target', 'measured', 'met'],
      results.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : `no (${t.gap ?? 'missed'})`]),
    ),
    '',
    results.budget ? budgetMarkdown(results.budget) : '',
    "## Upstream cost: a page of N links with employments and owners (calls per query; simulator without Belvo's limit)",
    '',
    table(
      [
        'N',
        'gateway cold',
        'gateway warm',
        'naive',
        'RESTDataSource-style',
        'naive ÷ gateway',
        'gateway cold ms',
        'gateway warm ms',
        'naive ms',
        'datasource ms',
      ],
      sizes.map((n) => [
        n,
        of(n, 'gateway').coldRequests,
        of(n, 'gateway').warmRequests,
        of(n, 'naive').coldRequests,
        of(n, 'datasource').coldRequests,
        `${fixed(of(n, 'naive').coldRequests / of(n, 'gateway').coldRequests)}×`,
        fixed(of(n, 'gateway').coldMs),
        fixed(of(n, 'gateway').warmMs),
        fixed(of(n, 'naive').coldMs),
        fixed(of(n, 'datasource').coldMs),
      ]),
    ),
    '',
    'Counts are Belvo requests per query (median of runs); the baselines have no cache, so warm = cold for them.',
    '',
    '## Growth with page count (`links(first: 50, after)`, cold)',
    '',
    table(
      ['pages', 'links', 'Belvo requests so far', 'ms so far'],
      results.pagination.map((row) => [row.pages, row.links, row.requests, fixed(row.ms)]),
    ),
    '',
    '## Gateway overhead (autocannon, 10 connections, simulator latency off): CPU only, no Belvo limit',
    '',
    table(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'vs bare Apollo'],
      results.overhead.map((row) => [
        row.target,
        fixed(row.requestsPerSecond, 0),
        row.p50Ms,
        row.p99Ms,
        row.errors,
        fixed(row.requestsPerSecond / results.overhead.at(-1)!.requestsPerSecond, 2),
      ]),
    ),
    '',
    '## Subscription fan-out: webhook POST → delivery at the client (CPU only, no Belvo limit)',
    '',
    table(
      [
        'setup',
        'transport',
        'subscribers',
        'sockets / streams',
        'deliveries',
        'p50 ms',
        'p99 ms',
        'max ms',
        'heap per idle subscription',
      ],
      results.fanout.map((row) => [
        row.setup,
        row.transport ?? 'WebSocket',
        row.subscribers,
        row.sockets,
        row.deliveries,
        fixed(row.p50Ms),
        fixed(row.p99Ms),
        fixed(row.maxMs),
        row.heapBytesPerSubscription === null ? '—' : `${fixed(row.heapBytesPerSubscription / 1024)} KB`,
      ]),
    ),
    '',
    results.push ? pushMarkdown(results.push) : '',
    results.retention ? retentionMarkdown(results.retention) : '',
    results.soak ? soakMarkdown(results.soak) : '',
    results.paused ? pausedMarkdown(results.paused) : '',
  ].join('\n');
}
