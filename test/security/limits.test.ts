import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';

const LINK = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';

const aliases = (field: string) => Array.from({ length: 12 }, (_, i) => `a${i}: ${field}`).join(' ');
const directives = Array.from({ length: 12 }, () => '@include(if: true)').join(' ');
const salaryRows =
  'salaryAndBenefitDetails { month gross { amount } net { amount } employmentType healthcareProviderName pensionFundName salaryType }';

/**
 * Operations that must be refused before any resolver runs: [what, over HTTP, over WebSocket,
 * expected code, what the message names].
 */
const HOSTILE: Array<[string, string, string, string, RegExp]> = [
  [
    'a deep operation',
    `{ link(id: "${LINK}") { employments { link { employments { link { employments { link { employments { link { id } } } } } } } } } }`,
    `subscription { linkEvents(linkId: "${LINK}") { link { owners { link { owners { link { owners { link { owners { id } } } } } } } } } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /depth limit/,
  ],
  [
    'a deep operation written with fragments',
    `query { link(id: "${LINK}") { ...Deep } } fragment Deep on Link { employments { link { employments { link { employments { link { employments { link { id } } } } } } } } }`,
    `subscription { linkEvents(linkId: "${LINK}") { ... on LinkError { link { owners { link { owners { link { owners { link { owners { id } } } } } } } } } } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /depth limit/,
  ],
  [
    'an aliased operation',
    `{ ${aliases(`link(id: "${LINK}") { id }`)} }`,
    `subscription { linkEvents(linkId: "${LINK}") { ${aliases('id')} } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /Aliases limit/,
  ],
  [
    'a directive-heavy operation',
    `{ link(id: "${LINK}") { id ${directives} } }`,
    `subscription { linkEvents(linkId: "${LINK}") { id ${directives} } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /Directives limit/,
  ],
  [
    'a wide, costly operation',
    `{ links(first: 100) { nodes { employments { link { employments { ${salaryRows} } } } } } }`,
    // No `first` to multiply by over WebSocket: many repeated fields deep down cost as much.
    `subscription { linkEvents(linkId: "${LINK}") { link { employments { link { employments { salaryAndBenefitDetails { ${'month '.repeat(600)} } } } } } } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /Cost limit/,
  ],
  [
    'an oversized operation (tokens)',
    `{ ${Array.from({ length: 2_100 }, () => '__typename').join(' ')} }`,
    `subscription { linkEvents(linkId: "${LINK}") { ${Array.from({ length: 2_100 }, () => 'id').join(' ')} } }`,
    'GRAPHQL_PARSE_FAILED',
    /tokens/,
  ],
];

describe('operation limits', () => {
  let gateway: Gateway;
  let client: Client;

  beforeAll(async () => {
    gateway = await startGateway({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_HIDE_SUGGESTIONS: 'true' });
    const { wsClientFor } = await import('../support/subscriptions.js');
    client = wsClientFor(gateway.url);
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.stop();
  });

  const post = (query: string, variables?: Record<string, unknown>) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });

  it.each(HOSTILE)('refuses %s over HTTP before any upstream call', async (_, query, __, code, names) => {
    gateway.sandbox.resetCounters();
    const response = await post(query);
    const body = (await response.json()) as {
      errors: Array<{ extensions: { code: string }; message: string }>;
    };
    expect(response.status).toBe(400);
    expect(body.errors[0]!.extensions.code).toBe(code);
    expect(body.errors.map((error) => error.message).join(' ')).toMatch(names);
    expect(JSON.stringify(body)).not.toContain('stacktrace');
    expect(gateway.sandbox.count()).toBe(0);
  });

  it.each(HOSTILE)('refuses %s over WebSocket too', async (_, __, subscription, code, names) => {
    gateway.sandbox.resetCounters();
    const errors = await new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: subscription },
        { next: resolve, error: resolve, complete: () => resolve('completed') },
      ),
    );
    expect(JSON.stringify(errors)).toContain(code);
    expect(JSON.stringify(errors)).toMatch(names);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('counts the depth in fields: fragments and inline fragments add no level', async () => {
    // Eight fields deep (the limit), written as a client library writes it: a fragment per type.
    const query = `query { link(id: "${LINK}") { ...L } }
      fragment L on Link { employments { ...E } }
      fragment E on Employment { link { employments { link { employments { link { ... on Link { id } } } } } } }`;
    const body = (await (await post(query)).json()) as { errors?: Array<{ message: string }> };
    expect(JSON.stringify(body.errors ?? [])).not.toMatch(/depth limit/);
  });

  it('hides introspection and field suggestions when configured', async () => {
    const introspection = (await (await post('{ __schema { types { name } } }')).json()) as {
      errors: Array<{ message: string }>;
    };
    expect(introspection.errors[0]!.message).toMatch(/introspection/i);
    const typo = (await (await post(`{ link(id: "${LINK}") { statu } }`)).json()) as {
      errors: Array<{ message: string }>;
    };
    expect(typo.errors[0]!.message).toBe('Cannot query field "statu" on type "Link".');
  });

  it.each([
    ['spaces', '1020 304050'],
    ['letters', '10203040AB'],
    ['Unicode digits', '١٠٢٠٣٠٤٠٥٠'],
    ['30 digits', '1'.repeat(30)],
    ['nothing', ''],
  ])('refuses a cédula with %s as a user error, unechoed, before any upstream call', async (_, cedula) => {
    gateway.sandbox.resetCounters();
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula } });
    expect(result.data?.createLink.userErrors).toMatchObject([
      { field: ['input', 'cedula'], code: 'INVALID' },
    ]);
    if (cedula) expect(JSON.stringify(result)).not.toContain(cedula);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it.each([
    [
      'a number variable',
      'mutation ($i: CreateLinkInput!) { createLink(input: $i) { link { id } } }',
      { i: { cedula: 1020304050 } },
    ],
    [
      'a misspelled field',
      'mutation ($i: CreateLinkInput!) { createLink(input: $i) { link { id } } }',
      { i: { cedulas: '1020304050' } },
    ],
    ['a number literal', 'mutation { createLink(input: { cedula: 1020304050 }) { link { id } } }', {}],
    ['a cédula for a link id', 'query ($id: UUID!) { link(id: $id) { id } }', { id: '1020304050' }],
  ])(
    'refuses a cédula sent as %s without echoing it, before any upstream call',
    async (_, query, variables) => {
      gateway.sandbox.resetCounters();
      const response = await post(query, variables);
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(JSON.parse(text).errors[0].extensions.code).toMatch(
        /^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/,
      );
      expect(text).not.toContain('1020304050');
      expect(gateway.sandbox.count()).toBe(0);
    },
  );
});
