import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BelvoClient } from '../../src/belvo/client.js';
import { startGateway, type Gateway } from '../support/gateway.js';

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.stop());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body });

describe('GraphQL over HTTP at /graphql', () => {
  it('answers GET queries that carry a preflight-forcing header', async () => {
    const query = encodeURIComponent('{ links(first: 1) { totalCount } }');
    const response = await fetch(`${gateway.url}/graphql?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { links: { totalCount: expect.any(Number) } } });
  });

  it('refuses a simple GET that a browser could send cross-site (CSRF prevention)', async () => {
    const query = encodeURIComponent('{ links(first: 1) { totalCount } }');
    const response = await fetch(`${gateway.url}/graphql?query=${query}`);
    expect(response.status).toBe(400);
  });

  it('refuses mutations over GET', async () => {
    const query = encodeURIComponent(
      'mutation { deleteLink(id: "0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88") { deletedLinkId } }',
    );
    const response = await fetch(`${gateway.url}/graphql?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(405);
  });

  it('refuses subscriptions over HTTP with 400, pointing to the WebSocket, before any upstream call', async () => {
    gateway.sandbox.resetCounters();
    const response = await post(
      JSON.stringify({
        query: 'subscription { linkEvents(linkId: "0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88") { id } }',
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: { code: string } }>;
    };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]!.message).toContain('WebSocket');
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('refuses batched requests', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
  });

  it('refuses oversized, non-JSON and malformed bodies with coded GraphQL errors', async () => {
    const huge = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(200 * 1024) } });
    const cases: Array<[Response, number, string]> = [
      [await post(huge), 413, 'PAYLOAD_TOO_LARGE'],
      [await post('{ __typename }', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await post('<xml/>', { 'content-type': 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await post('{"query": "{ __typename }"'), 400, 'BAD_REQUEST'],
      [await post(''), 400, 'BAD_REQUEST'],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as {
        errors: Array<{ message: string; extensions: { code: string } }>;
      };
      expect(body.errors[0]!.extensions.code).toBe(code);
      expect(body.errors[0]!.message).not.toMatch(/FST_|fastify/i);
    }
  });

  it('speaks application/graphql-response+json with spec status codes', async () => {
    const response = await post(JSON.stringify({ query: '{ nope }' }), {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
    const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0]!.extensions.stacktrace).toBeUndefined();
  });
});

describe('error hygiene', () => {
  it('masks unexpected errors and never sends stack traces', async () => {
    class BrokenClient extends BelvoClient {
      override async linksPage(): Promise<never> {
        throw new TypeError('internal detail: connection string postgres://secret');
      }
    }
    const broken = await startGateway(
      {},
      {
        belvo: new BrokenClient({
          baseUrl: 'http://127.0.0.1:9',
          secretId: 'x',
          secretPassword: 'y',
          timeoutMs: 1000,
          maxRetries: 0,
          retryBaseMs: 1,
          maxResponseBytes: 1000,
          connections: 1,
          pageSize: 10,
        }),
      },
    );
    try {
      const response = await fetch(`${broken.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ links { totalCount } }' }),
      });
      const text = await response.text();
      expect(JSON.parse(text).errors[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(text).not.toContain('secret');
      expect(text).not.toContain('stacktrace');
    } finally {
      await broken.stop();
    }
  });

  it('turns introspection off when configured', async () => {
    const closed = await startGateway({ GRAPHQL_INTROSPECTION: 'false' });
    try {
      const response = await fetch(`${closed.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions: { code: string } }> };
      expect(body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await closed.stop();
    }
  });
});
