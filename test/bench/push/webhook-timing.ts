import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import type { App } from '../../../src/app/app.js';

/** This process's context switches so far (voluntary: it waited; involuntary: the core was taken). */
function switches() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const of = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { voluntary: of('voluntary_ctxt_switches'), involuntary: of('nonvoluntary_ctxt_switches') };
}

/** CPU time (ms) of the PostgreSQL backends serving `databaseUrl` now, by pid (Linux /proc, same host). */
async function backendCpuMs(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const ticks = 100; // USER_HZ
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000);
      } catch {
        // gone meanwhile
      }
    }
    return cpu;
  } finally {
    await client.end();
  }
}

/**
 * Where a webhook's answer waits, measured inside the gateway under test (BENCH_WEBHOOK_TIMING=1):
 * each of the store calls the webhook makes before its answer is timed from call to settlement, and
 * the event loop's delay is sampled. Wraps the app's own store objects (the webhook route holds the
 * same ones), so nothing in src/ knows about it; the PostgreSQL backends' CPU and this process's
 * context switches beside. `take()` answers the figures since the last take.
 */
export function timeWebhookStore(app: App, databaseUrl: string) {
  const phases: Record<string, number[]> = {};
  const time = <T extends object, K extends keyof T & string>(target: T, method: K, label: string) => {
    const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      const settle = () => (phases[label] ??= []).push(performance.now() - started);
      const result = original.apply(target, args);
      result.then(settle, settle);
      return result;
    };
  };
  time(app.store.links, 'deletedOwnerOf', 'links.deletedOwnerOf (select)');
  time(app.store.links, 'has', 'links.has (select)');
  time(
    app.store.events,
    'markPublished',
    'events.markPublished (after the answer, gathered since 2026-12-07)',
  );
  time(
    app.store.events,
    'append',
    'events.append (record_link_event, its commit; with the link check since 2026-12-07)',
  );
  // The answer as the gateway sees it: from the request's headers parsed to the response handed to
  // the socket (the sender's own figure adds its process's delays: it shares the core too).
  app.fastify.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/webhooks/')) return;
    const started = performance.now();
    response.once('finish', () => (phases['answer, gateway side'] ??= []).push(performance.now() - started));
  });
  // Every statement the gateway sends PostgreSQL (the pool's clients are pg.Client's).
  let statements = 0;
  const byKind = new Map<string, number>();
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    const kind = (text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 60);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let since = performance.now();
  let cpuSince = process.cpuUsage();
  let switchesSince = switches();
  let backendsSince = new Map<number, number>();
  return {
    async take() {
      const percentile = (sorted: number[], q: number) =>
        sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
      const round = (ms: number) => Math.round(ms * 10) / 10;
      const summary = Object.fromEntries(
        Object.entries(phases).map(([label, values]) => {
          const sorted = [...values].sort((a, b) => a - b);
          return [
            label,
            {
              calls: sorted.length,
              p50Ms: round(percentile(sorted, 0.5)),
              p99Ms: round(percentile(sorted, 0.99)),
              maxMs: round(sorted.at(-1) ?? NaN),
            },
          ];
        }),
      );
      const wallMs = performance.now() - since;
      const cpu = process.cpuUsage(cpuSince);
      const switched = switches();
      const backends = await backendCpuMs(databaseUrl);
      // Backends present at both ends (the pool's connections): their CPU over the window.
      let backendMs = 0;
      for (const [pid, ms] of backends) backendMs += ms - (backendsSince.get(pid) ?? ms);
      const appends = Object.entries(phases)
        .filter(([label]) => label.startsWith('events.append'))
        .reduce((sum, [, values]) => sum + values.length, 0);
      const answer = {
        wallMs: Math.round(wallMs),
        cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
        contextSwitches: {
          voluntary: switched.voluntary - switchesSince.voluntary,
          involuntary: switched.involuntary - switchesSince.involuntary,
        },
        statements,
        statementsByKind: Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1]).slice(0, 8)),
        postgresBackends: {
          count: backends.size,
          cpuPercent: Math.round((backendMs / wallMs) * 1000) / 10,
          cpuMsPerAppend: appends > 0 ? Math.round((backendMs / appends) * 100) / 100 : null,
        },
        eventLoopDelay: {
          p50Ms: round(loop.percentile(50) / 1e6),
          p99Ms: round(loop.percentile(99) / 1e6),
          maxMs: round(loop.max / 1e6),
        },
        calls: summary,
      };
      for (const key of Object.keys(phases)) delete phases[key];
      statements = 0;
      byKind.clear();
      loop.reset();
      since = performance.now();
      cpuSince = process.cpuUsage();
      switchesSince = switches();
      backendsSince = backends;
      return answer;
    },
  };
}
