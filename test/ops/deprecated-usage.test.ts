import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { openSse } from '../support/sse.js';
import { wsClientFor } from '../support/subscriptions.js';

/** The count of one series in /metrics (0 when absent). */
async function uses(gateway: Gateway, field: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith(`gateway_deprecated_field_operations_total{field="${field}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

/**
 * Before a deprecated field is removed, /metrics says whether anybody still selects it: one count
 * per operation that selected it, whatever the transport, through fragments too.
 */
describe('operations that select a deprecated field', () => {
  let gateway: Gateway;
  let linkId: string;
  beforeAll(async () => {
    gateway = await startGateway();
    linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1094000001' } })).data!.createLink
      .link!.id;
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length >= 2);
  });
  afterAll(() => gateway.stop());

  const post = (query: string) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    }).then((response) => response.json() as Promise<{ errors?: unknown[] }>);

  it('are counted per field over HTTP, once per operation, through a fragment too; others are not', async () => {
    const current = `{ link(id: "${linkId}") { employments { employerData { name tenureMonths } } } }`;
    expect((await post(current)).errors).toBeUndefined();
    expect(await uses(gateway, 'EmployerData.tenure')).toBe(0);

    const old = `query { employments(linkId: "${linkId}") { ...E } }
      fragment E on Employment { employerData { tenure } a: employerData { tenure } }`;
    expect((await post(old)).errors).toBeUndefined();
    expect(await uses(gateway, 'Query.employments')).toBe(1);
    expect(await uses(gateway, 'EmployerData.tenure')).toBe(1);
  });

  it('are counted for subscriptions over WebSocket and SSE', async () => {
    const query = `subscription ($linkId: UUID!) {
      historicalUpdate(linkId: $linkId) { ... on EmploymentsHistoricalUpdate { employments { employerData { tenure } } } }
    }`;
    const before = await uses(gateway, 'EmployerData.tenure');
    const client = wsClientFor(gateway.url);
    let received = 0;
    const stop = client.subscribe(
      { query, variables: { linkId } },
      { next: () => (received += 1), error: () => {}, complete: () => {} },
    );
    await eventually(() => received > 0);
    stop();
    await client.dispose();
    const stream = await openSse(gateway.url, query, { linkId });
    await stream.received(1);
    stream.abort();
    expect(await uses(gateway, 'EmployerData.tenure')).toBe(before + 2);
  });
});
