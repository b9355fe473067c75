import autocannon from 'autocannon';
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
    employments { id employerData { name tenure } salaryAndBenefitDetails { month grossAmount } }
    owners { id displayName }
  }
}`;

async function load(
  target: OverheadRow['target'],
  options: autocannon.Options,
  log: (line: string) => void,
): Promise<OverheadRow> {
  log(`  overhead: ${target}`);
  const result = await autocannon({ connections: 10, pipelining: 1, ...options });
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
