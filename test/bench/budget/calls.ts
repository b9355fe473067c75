/**
 * Belvo calls as the simulator saw them (its own request log records every request, whatever the
 * gateway thinks it sent): how many, of what kind, how many link ids each carried, how many it
 * refused with 429, beside how many the limit allowed in the same time.
 */
import type { SandboxRequest } from '../../../src/sandbox/server.js';

export interface Calls {
  total: number;
  /** Reads of links (`GET /api/links/{id}/`, `GET /api/links/?id__in=`). */
  linkReads: number;
  employmentReads: number;
  ownerReads: number;
  /** `POST /api/links/`. */
  creates: number;
  other: number;
  /** Answered 429 by the simulator: Belvo would have counted them against the IP. */
  tooMany: number;
  /** Not answered when counted (in flight, or dropped). */
  unanswered: number;
  /** Reads that named their links (`link`, `link__in`, `id`, `id__in`, or one link's path). */
  idReads: number;
  /** Of those, the ones with `link__in` / `id__in`. */
  inReads: number;
  /** Link ids over all those reads: what the calls fetched. */
  ids: number;
  idsPerCallMean: number;
  idsPerCallMax: number;
  /** Seconds the count covers, and the calls Belvo's limit allows in that time (null: no limit). */
  seconds: number;
  allowed: number | null;
}

function listLength(value: string | null): number {
  return value ? value.split(',').filter(Boolean).length : 0;
}

/** Link ids a read names: the `__in` lists, a single `link` / `id`, or the link in the path. */
function idsOf(request: SandboxRequest): { ids: number; listed: boolean } | undefined {
  if (request.method !== 'GET') return undefined;
  const query = new URL(request.url, 'http://simulator').searchParams;
  const listed = listLength(query.get('link__in')) + listLength(query.get('id__in'));
  if (listed > 0) return { ids: listed, listed: true };
  if (query.get('link') || query.get('id') || request.endpoint === '/api/links/{id}/')
    return { ids: 1, listed: false };
  return undefined;
}

function kindOf(
  request: SandboxRequest,
): 'linkReads' | 'employmentReads' | 'ownerReads' | 'creates' | 'other' {
  if (request.method === 'POST' && request.endpoint === '/api/links/') return 'creates';
  if (request.method !== 'GET') return 'other';
  if (request.endpoint.startsWith('/api/links/')) return 'linkReads';
  if (request.endpoint.startsWith('/api/co/employments/')) return 'employmentReads';
  if (request.endpoint.startsWith('/api/owners/')) return 'ownerReads';
  return 'other';
}

/** The calls in `requests` (a slice of the log), over `seconds`, against `limit`. */
export function countCalls(
  requests: readonly SandboxRequest[],
  seconds: number,
  limit: { requests: number; windowMs: number },
): Calls {
  const calls: Calls = {
    total: requests.length,
    linkReads: 0,
    employmentReads: 0,
    ownerReads: 0,
    creates: 0,
    other: 0,
    tooMany: 0,
    unanswered: 0,
    idReads: 0,
    inReads: 0,
    ids: 0,
    idsPerCallMean: 0,
    idsPerCallMax: 0,
    seconds,
    allowed: limit.requests > 0 ? limit.requests * Math.ceil((seconds * 1000) / limit.windowMs) : null,
  };
  for (const request of requests) {
    calls[kindOf(request)]++;
    if (request.status === 429) calls.tooMany++;
    if (request.status === 0) calls.unanswered++;
    const named = request.status === 429 ? undefined : idsOf(request);
    if (!named) continue;
    calls.idReads++;
    if (named.listed) calls.inReads++;
    calls.ids += named.ids;
    calls.idsPerCallMax = Math.max(calls.idsPerCallMax, named.ids);
  }
  calls.idsPerCallMean = calls.idReads > 0 ? calls.ids / calls.idReads : 0;
  return calls;
}

/** Counts what the simulator logs from now on, when asked. */
export function callCounter(log: readonly SandboxRequest[], limit: { requests: number; windowMs: number }) {
  const from = log.length;
  const started = performance.now();
  return () => countCalls(log.slice(from), (performance.now() - started) / 1000, limit);
}

/**
 * Resolves once the simulator has logged no request for a whole window (and a second more): the
 * calls made so far have left Belvo's window and the gateway's budget, so what follows starts with
 * the whole limit, whatever its setup cost.
 */
export async function untilWindowClear(log: readonly SandboxRequest[], windowMs: number): Promise<void> {
  let length = log.length;
  let changedAt = performance.now();
  while (performance.now() - changedAt < windowMs + 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (log.length !== length) {
      length = log.length;
      changedAt = performance.now();
    }
  }
}
