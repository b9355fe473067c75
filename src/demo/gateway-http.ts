import type { DemoOptions } from './options.js';
import { DemoError, describeError, type GraphqlError } from './text.js';

/** The demo's plain HTTP calls to the gateway. */

/**
 * A gateway whose Redis or Belvo is failing takes the link but never pushes its data: say so
 * before waiting, with the gateway's own reasons. Silent when /readyz cannot be read.
 */
export async function warnIfNotReady(options: DemoOptions): Promise<void> {
  try {
    const response = await fetch(`${options.gatewayUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
    const readiness = (await response.json()) as { status?: string; reasons?: Record<string, string> };
    if (readiness.status === 'ready' || !readiness.status) return;
    const reasons = Object.entries(readiness.reasons ?? {})
      .map(([name, reason]) => `${name}: ${reason}`)
      .join('; ');
    options.print(
      `   note: the gateway is ${readiness.status}${reasons ? ` (${reasons})` : ''}; its webhooks or data may not come until that is fixed`,
    );
  } catch {
    // An older gateway, or none at all: the createLink call says which.
  }
}

export async function httpGraphql<T>(
  gatewayUrl: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new DemoError(
      `Cannot reach the gateway at ${gatewayUrl}; start it with npm start (or set GATEWAY_URL to where it runs)`,
    );
  }
  if (response.status === 404) {
    throw new DemoError(`${gatewayUrl}/graphql answered 404: is GATEWAY_URL the gateway's address?`);
  }
  let body: { data?: T; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new DemoError(
      `${gatewayUrl}/graphql did not answer JSON (HTTP ${response.status}): is it the gateway?`,
    );
  }
  if (body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    throw new Error(`${describeError(body.errors)}; set DEMO_API_KEY`);
  }
  if (body.errors?.length || !body.data) throw new Error(describeError(body.errors));
  return body.data;
}
