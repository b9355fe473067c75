import type { Spread } from './measure.js';
import type { PushResults, PushRow } from './push.js';

/** The same shape as report.ts's Target (kept here so the import runs one way). */
interface PushTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

/** Push p99 (median of rounds) a rate must stay within to count as sustained. */
export const SUSTAINED_P99_MS = 100;
const TARGET_LINKS = 10_000;
const TARGET_RATE = 200;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
export const withSpread = (s: Spread, digits = 1) =>
  Number.isFinite(s.median)
    ? `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`
    : '—';

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A row of the one-link broadcast: all its subscribers on one link. */
const broadcast = (row: PushRow) => row.subscribers !== row.links;
const workload = (row: PushRow) => (broadcast(row) ? `${row.subscribers} on 1 link` : `${row.links} links`);

const sustains = (row: PushRow) =>
  !row.overloaded && row.pushP99Ms.median <= SUSTAINED_P99_MS && row.delivered >= 0.999;

/** The highest rate measured whose push p99 stayed within 100 ms with every push delivered, or 0. */
export function highestSustained(rows: PushRow[], setup: PushRow['setup'], transport: string, links: number) {
  const fitting = rows.filter(
    (r) => r.setup === setup && r.transport === transport && r.links === links && !broadcast(r),
  );
  return Math.max(0, ...fitting.filter(sustains).map((row) => row.rate));
}

/** The gateway row nearest to the targets' N = 10,000 and R = 200 (quick runs have smaller ones). */
function nearest(rows: PushRow[], setup: PushRow['setup'], transport = 'WebSocket') {
  const candidates = rows.filter(
    (row) => row.setup === setup && row.transport === transport && !broadcast(row),
  );
  const links = Math.max(...candidates.map((row) => row.links));
  const at = candidates.filter((row) => row.links === links);
  return at.sort((a, b) => Math.abs(a.rate - TARGET_RATE) - Math.abs(b.rate - TARGET_RATE))[0];
}

function bound(name: string, limit: number, value: number, unit: string, where: string): PushTarget {
  const met = value <= limit;
  return {
    name: `${name}${where}`,
    target: `≤ ${limit}${unit}`,
    measured: `${fixed(value)}${unit}`,
    met,
    gap: met ? undefined : `${fixed(value - limit)}${unit} over, ${fixed(value / limit, 2)}× the target`,
  };
}

export function pushTargets(push: PushResults): PushTarget[] {
  const one = nearest(push.rows, 'gateway, one instance');
  if (!one) return [];
  const full = one.links === TARGET_LINKS && one.rate === TARGET_RATE;
  const where = `, ${one.links} links at ${one.rate}/s${full ? '' : ` (target at ${TARGET_LINKS} / ${TARGET_RATE})`}`;
  const targets = [
    bound('webhook answer p99', 50, one.answerP99Ms.median, ' ms', where),
    bound('webhook → push p99', SUSTAINED_P99_MS, one.pushP99Ms.median, ' ms', where),
    bound('upstream reads per webhook', 2, one.upstreamPerWebhook.median, '', where),
  ];
  const raw = push.rows.find(
    (r) => r.setup === 'floor: raw ws' && r.links === one.links && r.rate === one.rate,
  );
  if (raw) {
    const ratio = one.pushP99Ms.median / raw.pushP99Ms.median;
    targets.push({
      ...bound('push p99 ÷ raw ws floor', 1.5, ratio, '×', where),
      measured: `${fixed(ratio, 2)}×`,
    });
  }
  const cast = push.rows.find(
    (r) => r.setup === 'gateway, one instance' && r.transport === 'WebSocket' && broadcast(r),
  );
  const castFloor = cast && twin(push.rows, 'floor: raw ws', cast);
  if (cast && castFloor) {
    const ratio = cast.pushP99Ms.median / castFloor.pushP99Ms.median;
    const at = `, broadcast: ${cast.subscribers} subscribers of one link at ${cast.rate}/s`;
    targets.push({
      ...bound('push p99 ÷ raw ws floor', 1.5, ratio, '×', at),
      measured: `${fixed(ratio, 2)}×`,
    });
  }
  targets.push(...sseTargets(push), ...scaleOutTargets(push.rows));
  const two = push.rows.find((r) => r.setup === 'gateway, two instances (Redis)');
  if (two) {
    const links = two.links;
    const single = highestSustained(push.rows, 'gateway, one instance', 'WebSocket', links);
    const double = highestSustained(push.rows, 'gateway, two instances (Redis)', 'WebSocket', links);
    const ratio = single > 0 ? double / single : NaN;
    targets.push({
      name: `webhook rate sustained at push p99 ≤ ${SUSTAINED_P99_MS} ms, two instances ÷ one (${links} links, steps ${push.plan.rates.join('/')})`,
      target: '≥ 1.6×',
      measured: `${double}/s ÷ ${single}/s = ${fixed(ratio, 2)}×`,
      met: ratio >= 1.6,
      gap:
        ratio >= 1.6
          ? undefined
          : single === 0
            ? 'one instance sustained none of the steps'
            : `${fixed(ratio, 2)}× (steps are coarse: a missed step means up to the next one)`,
    });
  }
  if (one.heapBytesPerSubscription !== null) {
    const kb = one.heapBytesPerSubscription / 1024;
    targets.push(bound('gateway heap per idle subscription', 8, kb, ' KB', `, ${one.links} links`));
  }
  return targets;
}

export function pushMarkdown(push: PushResults): string {
  const rows = push.rows;
  const keys = [
    ...new Set(rows.filter((r) => !broadcast(r)).map((r) => `${r.setup}|${r.transport}|${r.links}`)),
  ];
  return [
    `## Realistic push, CPU only, no Belvo limit: N waiting links, webhooks at a steady rate (${push.plan.rounds} rounds of ${push.plan.seconds} s each)`,
    '',
    `Figures are medians of the rounds with min–max beside them. Load average (1/5/15 min): ` +
      `${push.load.start.map((v) => fixed(v, 2)).join(' ')} at the start of the section, ${push.load.end.map((v) => fixed(v, 2)).join(' ')} at its end; ${fixed(push.seconds, 0)} s.`,
    '',
    table(
      [
        'setup',
        'transport',
        'subscribers',
        'webhooks/s',
        'answer p50 ms',
        'answer p99 ms',
        'push p50 ms',
        'push p99 ms',
        'push max ms',
        'delivered',
        'reads/webhook',
        'CPU %',
        'RSS MiB',
        'heap/subscription',
      ],
      rows.map((r) => [
        r.setup,
        r.transport,
        workload(r),
        r.rate,
        withSpread(r.answerP50Ms),
        withSpread(r.answerP99Ms),
        withSpread(r.pushP50Ms),
        withSpread(r.pushP99Ms),
        withSpread(r.pushMaxMs),
        `${fixed(r.delivered * 100)}%`,
        withSpread(r.upstreamPerWebhook, 2),
        withSpread(r.cpuPercent, 0),
        withSpread(r.rssMiB, 0),
        r.heapBytesPerSubscription === null ? '—' : `${fixed(r.heapBytesPerSubscription / 1024)} KB`,
      ]),
    ),
    '',
    `CPU is the server process(es)' CPU time over each round's wall time (100% = one core; two instances: their sum). The floors push constant data and read nothing upstream; the gateway reads each event's data from the simulator (with its latency per call) before it pushes.`,
    '',
    '**Gateway ÷ floors** (push p99 at the same links and rate):',
    '',
    floorTable(rows),
    '',
    ...directWriteLines(rows),
    ...cpuPerPushLines(rows),
    ...(push.failures?.length ? ['**Not measured:**', '', ...push.failures.map((f) => `- ${f}`), ''] : []),
    `**Highest webhook rate sustained with push p99 ≤ ${SUSTAINED_P99_MS} ms** (of the steps measured; 0 = none):`,
    '',
    table(
      ['setup', 'transport', 'links', 'webhooks/s'],
      keys.map((key) => {
        const [setup, transport, links] = key.split('|') as [PushRow['setup'], string, string];
        return [setup, transport, links, highestSustained(rows, setup, transport, Number(links))];
      }),
    ),
    '',
  ].join('\n');
}

/** The same workload (subscribers, links, rate) on another setup. */
const twin = (rows: PushRow[], setup: PushRow['setup'], like: PushRow) =>
  rows.find(
    (r) =>
      r.setup === setup &&
      r.transport === 'WebSocket' &&
      r.links === like.links &&
      r.subscribers === like.subscribers &&
      r.rate === like.rate,
  );

function floorTable(rows: PushRow[]): string {
  const raws = rows.filter((r) => r.setup === 'floor: raw ws');
  const p99 = (row: PushRow | undefined) => row?.pushP99Ms.median ?? NaN;
  return table(
    [
      'subscribers',
      'webhooks/s',
      'gateway p99 ms',
      'raw ws p99 ms',
      'graphql-ws p99 ms',
      'gateway ÷ raw ws',
      'gateway ÷ graphql-ws',
    ],
    raws.map((raw) => {
      const gateway = p99(twin(rows, 'gateway, one instance', raw));
      const stock = p99(twin(rows, 'floor: stock graphql-ws', raw));
      return [
        workload(raw),
        raw.rate,
        fixed(gateway),
        fixed(p99(raw)),
        fixed(stock),
        `${fixed(gateway / p99(raw), 2)}×`,
        `${fixed(gateway / stock, 2)}×`,
      ];
    }),
  );
}

/**
 * What the gateway's direct write buys over `ws.send`, transport alone: the same raw server, the
 * same broadcast, each message sent through ws or framed and written to the TCP socket.
 */
function directWriteLines(rows: PushRow[]): string[] {
  const pairs = rows
    .filter((r) => r.setup === 'floor: raw ws, direct write')
    .flatMap((direct) => {
      const send = twin(rows, 'floor: raw ws', direct);
      return send ? [{ direct, send }] : [];
    });
  if (pairs.length === 0) return [];
  return [
    '**`ws.send` ÷ direct write** (the raw floor both ways: what writing frames to the TCP socket buys):',
    '',
    table(
      [
        'subscribers',
        'webhooks/s',
        'ws.send push p99 ms',
        'direct write push p99 ms',
        'ws.send ÷ direct',
        'CPU % ws.send / direct',
      ],
      pairs.map(({ direct, send }) => [
        workload(direct),
        direct.rate,
        withSpread(send.pushP99Ms),
        withSpread(direct.pushP99Ms),
        `${fixed(send.pushP99Ms.median / direct.pushP99Ms.median, 2)}×`,
        `${fixed(send.cpuPercent.median, 0)} / ${fixed(direct.cpuPercent.median, 0)}`,
      ]),
    ),
    '',
  ];
}

/** SSE against WebSocket on one instance: the broadcast's p99, and the rate sustained per link. */
function sseTargets(push: PushResults): PushTarget[] {
  const targets: PushTarget[] = [];
  const oneInstance = push.rows.filter((r) => r.setup === 'gateway, one instance');
  const sseCast = oneInstance.find((r) => r.transport === 'SSE' && broadcast(r));
  const wsCast =
    sseCast &&
    oneInstance.find(
      (r) => r.transport === 'WebSocket' && broadcast(r) && r.subscribers === sseCast.subscribers,
    );
  if (sseCast && wsCast) {
    const ratio = sseCast.pushP99Ms.median / wsCast.pushP99Ms.median;
    targets.push({
      ...bound(
        'SSE ÷ WebSocket push p99',
        1.5,
        ratio,
        '×',
        `, broadcast: ${sseCast.subscribers} subscribers of one link at ${sseCast.rate}/s`,
      ),
      measured: `${fixed(sseCast.pushP99Ms.median)} ÷ ${fixed(wsCast.pushP99Ms.median)} ms = ${fixed(ratio, 2)}×`,
    });
  }
  for (const links of push.plan.sseLinks.filter((n) => push.plan.links.includes(n))) {
    const sse = highestSustained(push.rows, 'gateway, one instance', 'SSE', links);
    const ws = highestSustained(push.rows, 'gateway, one instance', 'WebSocket', links);
    targets.push({
      name: `webhook rate sustained at push p99 ≤ ${SUSTAINED_P99_MS} ms, SSE against WebSocket (${links} links, steps ${push.plan.rates.join('/')})`,
      target: '≥ WebSocket',
      measured: `${sse}/s against ${ws}/s`,
      met: sse >= ws,
      gap: sse >= ws ? undefined : `${ws - sse}/s below`,
    });
  }
  return targets;
}

/** One instance at R beside two at 2R (the same rate per instance), per links and transport. */
function scaleOutPairs(rows: PushRow[]) {
  const ones = rows.filter((r) => r.setup === 'gateway, one instance' && !broadcast(r));
  return rows
    .filter((r) => r.setup === 'gateway, two instances (Redis)' && !broadcast(r))
    .flatMap((two) => {
      const one = ones.find(
        (r) => r.transport === two.transport && r.links === two.links && r.rate * 2 === two.rate,
      );
      return one ? [{ one, two }] : [];
    });
}

const efficiencyOf = ({ one, two }: { one: PushRow; two: PushRow }) =>
  one.cpuMsPerPush.median / two.cpuMsPerPush.median;

/** Scale-out efficiency: one instance's CPU per push ÷ two instances' (over Redis), per instance rate. */
function scaleOutTargets(rows: PushRow[]): PushTarget[] {
  return scaleOutPairs(rows).map((pair) => {
    const efficiency = efficiencyOf(pair);
    return {
      name: `scale-out efficiency (CPU per push, one instance ÷ two over Redis), ${pair.two.links} links at ${pair.one.rate}/s per instance`,
      target: '≥ 0.85',
      measured: `${fixed(pair.one.cpuMsPerPush.median, 2)} ÷ ${fixed(pair.two.cpuMsPerPush.median, 2)} ms = ${fixed(efficiency, 2)}`,
      met: efficiency >= 0.85,
      gap: efficiency >= 0.85 ? undefined : `${fixed(0.85 - efficiency, 2)} under`,
    };
  });
}

/** What one push costs: the instances' CPU and Redis's, per push delivered. */
function cpuPerPushLines(rows: PushRow[]): string[] {
  const gateway = rows.filter((r) => r.setup.startsWith('gateway') && !broadcast(r));
  if (gateway.length === 0) return [];
  const pairs = scaleOutPairs(rows);
  return [
    '**CPU per push** (server CPU time ÷ pushes delivered, all instances together; Redis its own, from `INFO cpu`):',
    '',
    table(
      [
        'setup',
        'transport',
        'links',
        'webhooks/s',
        'per instance',
        'CPU ms per push',
        'Redis CPU ms per push',
      ],
      gateway.map((r) => {
        const instances = r.setup === 'gateway, two instances (Redis)' ? 2 : 1;
        return [
          r.setup,
          r.transport,
          r.links,
          r.rate,
          r.rate / instances,
          withSpread(r.cpuMsPerPush, 2),
          Number.isNaN(r.redisCpuMsPerPush.median) ? '—' : withSpread(r.redisCpuMsPerPush, 3),
        ];
      }),
    ),
    '',
    ...(pairs.length
      ? [
          `Scale-out efficiency, one instance's CPU per push ÷ two instances' at the same rate per instance: ${pairs
            .map((pair) => `${fixed(efficiencyOf(pair), 2)} at ${pair.one.rate}/s per instance`)
            .join(', ')}.`,
          '',
        ]
      : []),
  ];
}
