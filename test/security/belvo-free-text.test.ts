import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { LinkEventsDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { clientFor, eventually, startSandbox } from '../support/sandbox.js';
import { envelope, subscribe, wsClientFor, type Subscriber } from '../support/subscriptions.js';

/*
 * Belvo's text fields, and the ids and codes beside them, seeded with a person's cédula and name as
 * a careless institution (or a forged webhook) might send them. None of it may reach the database,
 * a log line or any response: the gateway keeps ids and codes only in the contract's shapes and
 * says everything else in its own words.
 */
const CEDULA = '1020304050';
const NAME = 'Eustaquia Zuleta Barrientos';
const PROSE = `Credenciales inválidas para ${NAME}, CC ${CEDULA}`;
const NEEDLES: Array<[what: string, pattern: RegExp]> = [
  ['the cédula', new RegExp(`(?<!\\d)${CEDULA}(?!\\d)`)],
  ['the first name', /Eustaquia/],
  ['a surname', /Zuleta|Barrientos/],
  ["Belvo's prose", /Credenciales/],
];
const leaksIn = (text: string) => NEEDLES.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);

interface Lie {
  /** "METHOD /path" prefix. */
  match: string;
  times: number;
  /** Answer this instead of asking the simulator… */
  answer?: { status: number; body: unknown };
  /** …or ask it and change its JSON answer. */
  rewrite?: (body: Record<string, unknown>) => unknown;
}

/** Belvo as the simulator plays it, except for the answers a test tells it to lie in. */
async function lyingBelvo(sandboxUrl: string) {
  const lies: Lie[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await read(request);
      const target = `${request.method} ${request.url}`;
      const lie = lies.find((candidate) => target.startsWith(candidate.match));
      if (lie && --lie.times <= 0) lies.splice(lies.indexOf(lie), 1);
      const send = (status: number, json: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (lie?.answer) return send(lie.answer.status, lie.answer.body);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'x-belvo-request-mode']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${sandboxUrl}${request.url}`, {
        method: request.method,
        headers,
        body: body.length > 0 ? body : undefined,
      });
      const text = await upstream.text();
      if (!lie?.rewrite || !text) {
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
        return;
      }
      send(upstream.status, lie.rewrite(JSON.parse(text) as Record<string, unknown>));
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lie: (lie: Omit<Lie, 'times'> & { times?: number }) => lies.push({ times: 1, ...lie }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("Belvo's free text, seeded with a cédula and a name in every field Belvo sends", () => {
  let sandbox: BelvoSandbox;
  let belvo: Awaited<ReturnType<typeof lyingBelvo>>;
  let gateway: Gateway;
  let client: Client;
  let authorization: string;
  let linkId: string;
  /** Every response body the gateway sent in these tests, as text. */
  const responses: string[] = [];

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    responses.push(text);
    return JSON.parse(text) as {
      data?: Record<string, Record<string, unknown> | null> | null;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    };
  };
  const webhook = async (body: unknown) => {
    const response = await fetch(`${gateway.url}/webhooks/belvo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    responses.push(text);
    return { status: response.status, body: JSON.parse(text) as { status?: string } };
  };
  const CREATE = `mutation ($input: CreateLinkInput!) {
    createLink(input: $input) { link { id status accessMode externalId } userErrors { field code message } }
  }`;

  beforeAll(async () => {
    // No extraction: the only webhooks are the ones the tests post.
    const started = await startSandbox({ extractionDelayMs: 600_000 });
    sandbox = started.sandbox;
    belvo = await lyingBelvo(started.url);
    gateway = await startGateway({}, { belvo: clientFor(belvo.url) });
    authorization = gateway.app.config.webhookAuthorizations[0]!;
    client = wsClientFor(gateway.url);
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.stop();
    await belvo.stop();
    await sandbox.stop();
  });

  it("answers a REST error in the gateway's own words, without Belvo's message or a request_id that is not Belvo's", async () => {
    belvo.lie({
      match: 'POST /api/links/',
      answer: { status: 400, body: [{ request_id: `req-${CEDULA}`, code: 'login_error', message: PROSE }] },
    });
    const refused = await graphql(CREATE, { input: { cedula: CEDULA } });
    expect(refused.errors).toBeUndefined();
    expect(refused.data?.createLink).toEqual({
      link: null,
      userErrors: [
        {
          field: ['input', 'cedula'],
          code: 'CEDULA_REFUSED',
          message:
            'The institution does not know this cédula or refused it; check the number with the person',
        },
      ],
    });

    belvo.lie({
      match: 'POST /api/links/',
      answer: { status: 400, body: [{ request_id: PROSE, code: PROSE, field: NAME, message: PROSE }] },
    });
    const garbled = await graphql(CREATE, { input: { cedula: CEDULA } });
    expect(garbled.errors![0]).toMatchObject({
      message: 'Belvo refused the request: the input was refused',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(garbled.errors![0]!.extensions).not.toHaveProperty('belvoCode');
    expect(garbled.errors![0]!.extensions).not.toHaveProperty('field');
    expect(garbled.errors![0]!.extensions).not.toHaveProperty('belvoRequestId');
  });

  it('keeps none of the text a link body carries in place of codes and the external id', async () => {
    belvo.lie({
      match: 'POST /api/links/',
      rewrite: (link) => ({ ...link, external_id: PROSE, status: PROSE, access_mode: NAME }),
    });
    const created = await graphql(CREATE, { input: { cedula: CEDULA } });
    expect(created.data?.createLink?.link).toMatchObject({
      status: 'OTHER',
      accessMode: 'OTHER',
      externalId: null,
    });
    linkId = (created.data!.createLink!.link as { id: string }).id;
  });

  it('records and pushes LINK errors with the code and fixed words, never error_message, and drops every malformed id', async () => {
    const live: Subscriber<unknown> = subscribe(client, LinkEventsDocument, { linkId });
    const seeded = envelope({
      link_id: linkId,
      webhook_id: CEDULA,
      process_type: PROSE,
      request_id: `req-${CEDULA}`,
      external_id: PROSE,
      note: PROSE,
      data: { error_code: PROSE, error_message: PROSE, status: PROSE, detail: NAME },
    });
    const tokenRequired = envelope({
      link_id: linkId,
      webhook_code: 'token_required',
      request_id: PROSE,
      external_id: NAME,
      data: { error_code: 'token_required', error_message: PROSE, status: 428 },
    });
    const employments = envelope({
      link_id: linkId,
      webhook_type: 'EMPLOYMENTS',
      webhook_code: 'historical_update',
      process_type: 'historical_update',
      request_id: CEDULA,
      external_id: `${CEDULA} ${NAME}`,
      data: { total_employments: 2, note: PROSE },
    });
    for (const body of [seeded, tokenRequired, employments]) {
      expect(await webhook(body)).toMatchObject({ status: 200, body: { status: 'accepted' } });
    }
    // An unknown code and an id that is not one: acknowledged or refused, neither quoted.
    expect((await webhook(envelope({ link_id: linkId, webhook_code: `cc_${CEDULA}` }))).body.status).toBe(
      'ignored',
    );
    expect((await webhook(envelope({ link_id: linkId, webhook_id: NAME }))).status).toBe(400);

    const pushed = (await live.received(3)).map(
      (result) => (result.data as { linkEvents: object }).linkEvents,
    );
    live.stop();
    expect(pushed).toEqual([
      expect.objectContaining({
        __typename: 'LinkError',
        id: expect.stringMatching(/^sha256:[0-9a-f]{32}$/),
        requestId: null,
        externalId: null,
        reason: 'INVALID_CREDENTIALS',
        errorCode: null,
        errorMessage: 'Belvo could not update the link.',
      }),
      expect.objectContaining({
        __typename: 'LinkError',
        id: tokenRequired.webhook_id,
        requestId: null,
        externalId: null,
        reason: 'TOKEN_REQUIRED',
        errorCode: 'token_required',
        errorMessage: 'The institution asks for a token: the link needs the person again.',
      }),
      expect.objectContaining({
        __typename: 'EmploymentsHistoricalUpdate',
        requestId: null,
        externalId: null,
      }),
    ]);
    for (const result of live.results) responses.push(JSON.stringify(result));

    const recorded = await gateway.app.events.log.list(linkId);
    expect(
      recorded.map(({ processType, requestId, externalId, error }) => ({
        processType,
        requestId,
        externalId,
        error,
      })),
    ).toEqual([
      {
        processType: null,
        requestId: null,
        externalId: null,
        error: { reason: 'invalid_credentials', code: null },
      },
      {
        processType: 'recurrent_update',
        requestId: null,
        externalId: null,
        error: { reason: 'token_required', code: 'token_required' },
      },
      { processType: 'historical_update', requestId: null, externalId: null, error: null },
    ]);

    // A subscriber that comes later gets the same events from the log.
    const replay = subscribe(client, LinkEventsDocument, { linkId });
    for (const result of await replay.received(3)) responses.push(JSON.stringify(result));
    replay.stop();
  });

  it("answers a refresh's 202 and a failed read without the text Belvo put in them", async () => {
    belvo.lie({
      match: `POST /api/links/${linkId}/refresh/`,
      answer: { status: 202, body: { request_id: PROSE } },
    });
    const refreshed = await graphql(
      `
        mutation ($id: UUID!) {
          refreshLink(id: $id) {
            refresh {
              linkId
              requestId
            }
          }
        }
      `,
      {
        id: linkId,
      },
    );
    expect(refreshed.data?.refreshLink).toEqual({ refresh: { linkId, requestId: null } });

    belvo.lie({
      match: 'GET /api/co/employments/',
      times: 10,
      answer: {
        status: 400,
        body: [{ request_id: `req-${CEDULA}`, code: 'invalid', field: NAME, message: PROSE }],
      },
    });
    const read = await graphql(
      `
        query ($id: UUID!) {
          link(id: $id) {
            id
            employments {
              id
            }
          }
        }
      `,
      { id: linkId },
    );
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', belvoCode: 'invalid' });
    expect(read.errors?.[0]?.extensions).not.toHaveProperty('belvoRequestId');
    expect(read.errors?.[0]?.extensions).not.toHaveProperty('field');
  });

  it('leaves none of it in the database, the logs or any response', async () => {
    const database = gateway.app.config.state.database;
    const db = new pg.Client({ connectionString: database.kind === 'postgres' ? database.url : '' });
    await db.connect();
    const { rows } = await db.query<{ row: string }>(`
      select row_to_json(t)::text as row from (select * from links) t
      union all select row_to_json(t)::text from (select * from link_events) t
      union all select row_to_json(t)::text from (select * from idempotency_keys) t`);
    await db.end();
    expect(rows.length).toBeGreaterThanOrEqual(4); // the link and its three events
    expect(leaksIn(rows.map((row) => row.row).join('\n')), 'database').toEqual([]);
    await eventually(() => gateway.logLines.some((line) => line.includes('webhook recorded and published')));
    expect(leaksIn(gateway.logLines.join('')), 'logs').toEqual([]);
    expect(responses.length).toBeGreaterThanOrEqual(10);
    expect(leaksIn(responses.join('\n')), 'responses').toEqual([]);
  });
});
