import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, wsClientFor } from '../support/subscriptions.js';

/** `{"a":{"a":…{"a":1}…}}` nested `levels` deep, as text: building it as an object would recurse to print it. */
const nestedText = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const deepListText = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('hostile input', () => {
  let gateway: Gateway;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGateway();
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(() => gateway.stop());

  const postText = async (body: string, contentType = 'application/json'): Promise<Answer> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const LINKS = '{"query":"query ($first: Int) { links(first: $first) { totalCount } }","variables":';

  describe('variables', () => {
    it.each([
      ['15,000 levels of objects', nestedText(15_000)],
      ['45,000 levels of lists', deepListText(45_000)],
      ['11 levels', nestedText(11)],
    ])('refuses %s with 400 BAD_USER_INPUT over HTTP, before anything walks them', async (_, variables) => {
      gateway.sandbox.resetCounters();
      const answer = await postText(`${LINKS}{"first":${variables}}}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toMatch(/nested deeper than 10 levels/);
      expect(gateway.sandbox.count()).toBe(0);
    });

    it('refuses variables over the size limit, and a deep GET query string too', async () => {
      const big = await postText(`${LINKS}{"first":1,"pad":"${'x'.repeat(20_000)}"}}`);
      expect(big.status).toBe(400);
      expect(big.body.errors?.[0]?.message).toMatch(/larger than 16384 bytes/);
      const url = new URL(`${gateway.url}/graphql`);
      url.searchParams.set('query', '{ links(first: 1) { totalCount } }');
      url.searchParams.set('variables', deepListText(2_000));
      const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(400);
    });

    it('refuses deep extensions and a deep operationName before anything turns them into text', async () => {
      const query = '"query":"{ __typename }"';
      const extensions = await postText(`{${query},"extensions":${nestedText(15_000)}}`);
      expect(extensions.status).toBe(400);
      expect(extensions.body.errors?.[0]?.message).toMatch(/Extensions are nested deeper/);
      const operationName = await postText(`{${query},"operationName":${deepListText(40_000)}}`);
      expect(operationName.status).toBe(400);
      expect(operationName.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    });

    it('still serves ordinary variables', async () => {
      const answer = await postText(`${LINKS}{"first":3}}`);
      expect(answer).toMatchObject({ status: 200, body: { data: { links: { totalCount: 0 } } } });
    });

    it('answers deep variables over WebSocket with an error message, not a stack overflow', async () => {
      // Raw frames: a client library would overflow its own stack serializing such variables.
      const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      const messages: Array<{ type: string; payload?: unknown }> = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data)) as never));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(JSON.stringify({ type: 'connection_init' }));
      await eventually(() => messages.some((message) => message.type === 'connection_ack'));
      const query = 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }';
      socket.send(
        `{"type":"subscribe","id":"1","payload":{"query":${JSON.stringify(query)},"variables":{"linkId":${deepListText(20_000)}}}}`,
      );
      const error = await eventually(() => messages.find((message) => message.type === 'error'));
      const [first] = error.payload as Array<{ message: string; extensions?: { code?: string } }>;
      expect(first?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(first?.message).toMatch(/nested deeper than 10 levels/);
      expect(socket.readyState).toBe(WebSocket.OPEN);
      socket.close();
    });
  });

  describe('operationName', () => {
    /** 90 KB, under the body limit: Apollo quotes a name that matches no operation back in full. */
    const LONG = `Op${'x'.repeat(90 * 1024)}`;

    it('refuses one longer than 128 characters with 400 BAD_REQUEST over HTTP, without quoting it', async () => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }', operationName: LONG }),
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text.length).toBeLessThan(1_000);
      expect(JSON.parse(text)).toMatchObject({
        errors: [
          {
            message: 'operationName must be at most 128 characters',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      const url = new URL(`${gateway.url}/graphql`);
      url.searchParams.set('query', '{ __typename }');
      url.searchParams.set('operationName', LONG.slice(0, 8_000));
      const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      const getText = await get.text();
      expect(get.status).toBe(400);
      expect(getText.length).toBeLessThan(1_000);
      expect(gateway.logLines.join('')).not.toContain('x'.repeat(129));
    });

    it('still answers a name of 128 characters that names no operation as Apollo does', async () => {
      const name = `Op${'x'.repeat(126)}`;
      const answer = await postText(
        JSON.stringify({ query: 'query Other { __typename }', operationName: name }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({
        message: `Unknown operation named "${name}".`,
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      });
    });

    it('refuses one longer than 128 characters over WebSocket and SSE too, without quoting it', async () => {
      const client = wsClientFor(gateway.url);
      try {
        const errors = await new Promise<unknown>((resolve) => {
          client.subscribe(
            {
              query: 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }',
              operationName: LONG.slice(0, 60 * 1024), // a WebSocket message is at most 64 KiB
              variables: { linkId: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88' },
            },
            { next: () => {}, error: resolve, complete: () => {} },
          );
        });
        expect(JSON.stringify(errors).length).toBeLessThan(1_000);
        expect(errors).toMatchObject([
          { message: 'operationName must be at most 128 characters', extensions: { code: 'BAD_REQUEST' } },
        ]);
      } finally {
        await client.dispose();
      }
      const sse = await fetch(`${gateway.url}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }',
          operationName: LONG,
          variables: { linkId: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88' },
        }),
      });
      const sseText = await sse.text(); // graphql-sse sends the errors as the stream's one result
      expect(sseText.length).toBeLessThan(1_000);
      expect(sseText).toContain(
        '"errors":[{"message":"operationName must be at most 128 characters","extensions":{"code":"BAD_REQUEST"}}]',
      );
    });
  });

  describe('media types', () => {
    const webhook = async (contentType: string) =>
      (
        await fetch(`${gateway.url}/webhooks/belvo`, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization },
          body: JSON.stringify(envelope({ webhook_type: 'SOMETHING', webhook_code: 'new_thing' })),
        })
      ).status;

    it.each([
      'application/json; charset=utf-7',
      'application/json; charset=utf-16',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-8; charset=utf-7',
      'application/json; boundary=x',
      'text/plain',
    ])('refuses %s with 415 on /graphql and on the webhook route', async (contentType) => {
      const answer = await postText(`${LINKS}{"first":1}}`, contentType);
      expect(answer.status).toBe(415);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await webhook(contentType)).toBe(415);
    });

    it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON; Charset="UTF-8"'])(
      'accepts %s',
      async (contentType) => {
        expect((await postText(`${LINKS}{"first":1}}`, contentType)).status).toBe(200);
        expect(await webhook(contentType)).toBe(200);
      },
    );
  });

  describe('duplicated fields', () => {
    it('refuses 500 copies of one field before execution, over HTTP and WebSocket', async () => {
      const query = `{ links(first: 1) { ${'totalCount '.repeat(500)} } }`;
      const answer = await postText(JSON.stringify({ query }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body.errors?.[0]?.message).toMatch(/Duplicate fields limit of 5/);
      // Spread over inline fragments, the copies still land in one selection set.
      const spread = `{ links(first: 1) { ${'... on LinkConnection { totalCount } '.repeat(6)} } }`;
      expect((await postText(JSON.stringify({ query: spread }))).status).toBe(400);
      const client = wsClientFor(gateway.url);
      try {
        const errors = await new Promise<Array<{ message: string }>>((resolve) => {
          client.subscribe(
            {
              query: `subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { ${'id '.repeat(500)} } }`,
              variables: { linkId: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88' },
            },
            { next: () => {}, error: resolve as never, complete: () => {} },
          );
        });
        expect(errors[0]?.message).toMatch(/Duplicate fields limit/);
      } finally {
        await client.dispose();
      }
    });

    it('allows a few legitimate repeats (the same field in fragments)', async () => {
      const query = '{ links(first: 1) { totalCount ... on LinkConnection { totalCount } } }';
      expect((await postText(JSON.stringify({ query }))).status).toBe(200);
    });
  });
});
