import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { startBaseline } from './baselines.js';
import { benchClient, BENCH_HEADERS, startBenchGateway } from './environment.js';

export const PAGE_QUERY = `query Page($first: Int) {
  links(first: $first) {
    nodes {
      id
      employments { id employerData { name tenureMonths } salaryAndBenefitDetails { month gross { amount } } }
      owners { id displayName }
    }
  }
}`;

export interface CostRow {
  links: number;
  implementation: 'gateway' | 'naive' | 'datasource';
  coldRequests: number;
  coldMs: number;
  warmRequests: number;
  warmMs: number;
}

export interface PaginationRow {
  pages: number;
  links: number;
  requests: number;
  ms: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function query(url: string, body: object): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: BENCH_HEADERS,
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (result.errors?.length) throw new Error(`bench query failed: ${JSON.stringify(result.errors[0])}`);
  return result;
}

/** Upstream requests and latency of one query, counted at the simulator. */
async function measure(sandbox: BelvoSandbox, url: string, first: number) {
  sandbox.resetCounters();
  const { ms } = await timed(() => query(url, { query: PAGE_QUERY, variables: { first } }));
  return { requests: sandbox.count(), ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * For a page of N links with employments and owners: this gateway (cold = no cache, warm = cached),
 * a naive resolver baseline and a RESTDataSource-style one (no cache, so warm = cold).
 */
export async function measureUpstreamCost(
  sandbox: BelvoSandbox,
  sizes: number[],
  runs: number,
  log: (line: string) => void,
): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  const cold = await startBenchGateway(sandbox, { CACHE_TTL_MS: '0' });
  const warm = await startBenchGateway(sandbox);
  const belvo = benchClient(sandbox);
  const naive = await startBaseline('naive', belvo);
  const datasource = await startBaseline('datasource', belvo);
  try {
    for (const n of sizes) {
      for (const [implementation, coldUrl, warmUrl] of [
        ['gateway', cold.url, warm.url],
        ['naive', naive.url, naive.url],
        ['datasource', datasource.url, datasource.url],
      ] as const) {
        log(`  upstream cost: ${n} links, ${implementation}`);
        const colds = [];
        for (let i = 0; i < runs; i++) colds.push(await measure(sandbox, coldUrl, n));
        await measure(sandbox, warmUrl, n); // primes the gateway's cache
        const warms = [];
        for (let i = 0; i < runs; i++) warms.push(await measure(sandbox, warmUrl, n));
        rows.push({
          links: n,
          implementation,
          coldRequests: median(colds.map((run) => run.requests)),
          coldMs: median(colds.map((run) => run.ms)),
          warmRequests: median(warms.map((run) => run.requests)),
          warmMs: median(warms.map((run) => run.ms)),
        });
      }
    }
  } finally {
    await Promise.all([cold.app.stop(), warm.app.stop(), naive.stop(), datasource.stop()]);
    await belvo.close();
  }
  return rows;
}

/** Growth with page count: walking `links(first: 50, after)` page by page, cold, through the gateway. */
export async function measurePagination(
  sandbox: BelvoSandbox,
  pages: number,
  log: (line: string) => void,
): Promise<PaginationRow[]> {
  const gateway = await startBenchGateway(sandbox, { CACHE_TTL_MS: '0' });
  const rows: PaginationRow[] = [];
  try {
    let after: string | null = null;
    sandbox.resetCounters();
    const started = performance.now();
    for (let page = 1; page <= pages; page++) {
      log(`  pagination: page ${page} of ${pages}`);
      const result = (await query(gateway.url, {
        query: `query ($after: String) { links(first: 50, after: $after) { pageInfo { endCursor } nodes { id employments { id } owners { id } } } }`,
        variables: { after },
      })) as { data: { links: { pageInfo: { endCursor: string | null }; nodes: unknown[] } } };
      after = result.data.links.pageInfo.endCursor;
      rows.push({
        pages: page,
        links: page * 50,
        requests: sandbox.count(),
        ms: performance.now() - started,
      });
    }
  } finally {
    await gateway.app.stop();
  }
  return rows;
}
