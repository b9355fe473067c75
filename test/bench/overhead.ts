import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { startBareApollo } from './baselines.js';
import { BENCH_HEADERS, BENCH_KEYS, startBenchGateway } from './environment.js';

export interface OverheadRow {
  target:
    | 'gateway (cached link query)'
    | 'simulator REST (employments of the link)'
    | 'bare Apollo Server 5 ({ hello })';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const LINK_QUERY = `query ($id: UUID!) {
  link(id: $id) {
    id status
    employments { id employerData { name tenureMonths } salaryAndBenefitDetails { month gross { amount } } }
    owners { id displayName }
  }
}`;

const AUTOCANNON = new URL('../../node_modules/.bin/autocannon', import.meta.url).pathname;

/** autocannon in a process of its own, so the load generator does not share the servers' event loop. */
function autocannonProcess(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  duration: number;
}): Promise<autocannon.Result> {
  const args = [
    '--json',
    '-c',
    '10',
    '-p',
    '1',
    '-d',
    String(options.duration),
    '-m',
    options.method ?? 'GET',
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (options.body) args.push('-b', options.body);
  args.push(options.url);
  return new Promise((resolve, reject) =>
    execFile(AUTOCANNON, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as autocannon.Result),
    ),
  );
}

async function load(
  target: OverheadRow['target'],
  options: Parameters<typeof autocannonProcess>[0],
  log: (line: string) => void,
): Promise<OverheadRow> {
  log(`  overhead: ${target}`);
  const result = await autocannonProcess(options);
  return {
    target,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * Throughput and latency under autocannon (127.0.0.1 only, bounded duration) for the gateway's
 * cached link query, the simulator's REST endpoint with the same employments, and a bare Apollo
 * Server. The simulator's added latency is off here: this measures the servers, not Belvo.
 */
export async function measureOverhead(
  sandbox: BelvoSandbox,
  linkId: string,
  durationSeconds: number,
  log: (line: string) => void,
): Promise<OverheadRow[]> {
  const latency = sandbox.faults.latencyMs;
  sandbox.faults.latencyMs = 0;
  const gateway = await startBenchGateway(sandbox);
  const bare = await startBareApollo();
  try {
    const body = JSON.stringify({ query: LINK_QUERY, variables: { id: linkId } });
    await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: BENCH_HEADERS, body }); // warm the cache
    const basic = `Basic ${Buffer.from(`${BENCH_KEYS.secretId}:${BENCH_KEYS.secretPassword}`).toString('base64')}`;
    return [
      await load(
        'gateway (cached link query)',
        {
          url: `${gateway.url}/graphql`,
          method: 'POST',
          headers: BENCH_HEADERS,
          body,
          duration: durationSeconds,
        },
        log,
      ),
      await load(
        'simulator REST (employments of the link)',
        {
          url: `${sandbox.url}/api/co/employments/?link=${linkId}`,
          headers: { authorization: basic },
          duration: durationSeconds,
        },
        log,
      ),
      await load(
        'bare Apollo Server 5 ({ hello })',
        {
          url: `${bare.url}/graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ hello }' }),
          duration: durationSeconds,
        },
        log,
      ),
    ];
  } finally {
    sandbox.faults.latencyMs = latency;
    await Promise.all([gateway.app.stop(), bare.stop()]);
  }
}
