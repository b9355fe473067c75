/** One GraphQL request over HTTP, as a person's app sends it: how long it took, what came back. */
import { BENCH_HEADERS } from '../environment.js';

export interface Answer {
  /** From the request's start to its full answer. */
  ms: number;
  data: Record<string, unknown> | null;
  /** `extensions.code` of each error (NO_CODE when an error has none; HTTP_<status> or a network error's name when there was no GraphQL answer). */
  codes: string[];
}

export const COLD_READ = `query ($id: UUID!) { link(id: $id) { id employments { id } owners { id } } }`;

export const CREATE_LINK = `mutation ($cedula: String!) { createLink(input: { cedula: $cedula }) { link { id } } }`;

export async function ask(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs: number,
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: BENCH_HEADERS,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: unknown } }> };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { ms, data: null, codes: [`HTTP_${response.status}`] };
    }
    const codes = (body.errors ?? []).map((error) =>
      typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE',
    );
    return { ms, data: body.data ?? null, codes };
  } catch (error) {
    return { ms: performance.now() - started, data: null, codes: [(error as Error).name] };
  }
}

/** The first field of an answer's data, when the answer carried it without errors. */
export const served = (answer: Answer) =>
  answer.codes.length === 0 && answer.data !== null && Object.values(answer.data)[0] != null;

/**
 * Reads `links` through the gateway, 50 per query (one `id__in` call each), so that their link
 * objects are cached: a subscription reads its link as it starts, and a thousand subscribers opening
 * at once would otherwise spend the budget of several minutes before the measured part begins.
 */
export async function warmLinks(url: string, links: readonly string[]): Promise<void> {
  for (let i = 0; i < links.length; i += WARM_PER_QUERY) {
    const chunk = links.slice(i, i + WARM_PER_QUERY);
    const query = `{ ${chunk.map((id, k) => `l${k}: link(id: "${id}") { id }`).join(' ')} }`;
    const answer = await ask(url, query, {}, 120_000);
    if (answer.codes.length > 0) throw new Error(`warming links: ${answer.codes.slice(0, 3).join(', ')}`);
  }
}

/** Aliases per warming query (the stage allows as many: GRAPHQL_MAX_ALIASES). */
export const WARM_PER_QUERY = 50;
