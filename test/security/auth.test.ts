import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  CreateLinkDocument,
  DeleteLinkDocument,
  EmploymentsOfLinkDocument,
  LinkEventsDocument,
  LinkWithDataDocument,
  LinksPageDocument,
  RefreshLinkDocument,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const ALICE = randomKey();
const ALICE_NEXT = randomKey(); // a second key for the same principal: rotation
const BOB = randomKey();
const ADMIN = randomKey();
const JWT_SECRET = randomKey() + randomKey();

const as = (key: string) => ({ 'x-api-key': key });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const hs256 = (claims: Record<string, unknown>, secret = JWT_SECRET, expiresIn = '5m') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

describe('client authentication and per-link authorization', () => {
  let gateway: Gateway;
  let jwksFile: string;
  let rsaPrivateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let aliceLink: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    rsaPrivateKey = privateKey;
    jwksFile = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(
      jwksFile,
      JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256' }] }),
    );
    gateway = await startGateway({
      CLIENT_API_KEYS: [
        apiKeyEntry('alice', ALICE),
        apiKeyEntry('alice', ALICE_NEXT),
        apiKeyEntry('bob', BOB),
        apiKeyEntry('ops', ADMIN, true),
      ].join(','),
      JWT_HS256_SECRET: JWT_SECRET,
      JWT_JWKS_FILE: jwksFile,
    });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1200000001' } }, as(ALICE));
    aliceLink = created.data!.createLink.link!.id;
    // The extraction's two webhooks, recorded: one that outran createLink's own record would ask
    // Belvo about the link (a background read) inside a test that counts Belvo's calls.
    await eventually(async () => (await gateway.app.events.log.list(aliceLink)).length === 2);
  });
  afterAll(() => gateway.stop());

  describe('over HTTP', () => {
    it.each([
      ['no credentials', {}],
      ['a wrong API key', as('nope')],
      ['an API key in the wrong header', { authorization: ALICE }],
      ['a token signed with another secret', 'other-secret'],
      ['an expired token', 'expired'],
      ['an unsigned token (alg none)', 'none'],
    ])('answers 401 UNAUTHENTICATED to %s, before any upstream call', async (_, credentials) => {
      let headers: Record<string, string>;
      if (credentials === 'other-secret')
        headers = bearer(await hs256({ sub: 'x' }, randomKey() + randomKey()));
      else if (credentials === 'expired') headers = bearer(await hs256({ sub: 'x' }, JWT_SECRET, '-1m'));
      else if (credentials === 'none') {
        const body = Buffer.from(JSON.stringify({ sub: 'x', exp: 9_999_999_999 })).toString('base64url');
        headers = bearer(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`);
      } else headers = credentials as Record<string, string>;
      gateway.sandbox.resetCounters();
      const result = await gateway.graphql(LinkWithDataDocument, { id: aliceLink }, headers);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(gateway.sandbox.count()).toBe(0);
    });

    it('accepts both keys of a principal during rotation, an HS256 token and an RS256 token from the JWKS file', async () => {
      for (const headers of [as(ALICE), as(ALICE_NEXT)]) {
        expect((await gateway.graphql(LinkWithDataDocument, { id: aliceLink }, headers)).data?.link.id).toBe(
          aliceLink,
        );
      }
      const token = await hs256({ sub: 'carol' });
      const created = await gateway.graphql(
        CreateLinkDocument,
        { input: { cedula: '1200000002' } },
        bearer(token),
      );
      expect(created.errors).toBeUndefined();
      const rs256 = await new SignJWT({ sub: 'carol' })
        .setProtectedHeader({ alg: 'RS256', kid: 'test' })
        .setExpirationTime('5m')
        .sign(rsaPrivateKey);
      const read = await gateway.graphql(
        LinkWithDataDocument,
        { id: created.data!.createLink.link!.id },
        bearer(rs256),
      );
      expect(read.data?.link.id).toBe(created.data!.createLink.link!.id);
    });
  });

  describe('another principal', () => {
    it('gets NOT_FOUND for the link, its data, its deletion and its refresh, and Belvo is not even asked', async () => {
      gateway.sandbox.resetCounters();
      const reads = [
        await gateway.graphql(LinkWithDataDocument, { id: aliceLink }, as(BOB)),
        await gateway.graphql(EmploymentsOfLinkDocument, { linkId: aliceLink }, as(BOB)),
        await gateway.graphql(DeleteLinkDocument, { id: aliceLink }, as(BOB)),
        await gateway.graphql(RefreshLinkDocument, { id: aliceLink }, as(BOB)),
      ];
      for (const result of reads) expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(gateway.sandbox.count()).toBe(0);
      expect(gateway.sandbox.world.links.has(aliceLink)).toBe(true);
    });

    it('does not see the link in lists; the owner does, and the admin sees everything', async () => {
      const ids = async (key: string) =>
        (await gateway.graphql(LinksPageDocument, { first: 100 }, as(key))).data!.links.edges.map(
          (edge) => edge.node.id,
        );
      expect(await ids(BOB)).not.toContain(aliceLink);
      expect(await ids(ALICE)).toEqual([aliceLink]);
      expect(await ids(ADMIN)).toContain(aliceLink);
      expect((await gateway.graphql(LinkWithDataDocument, { id: aliceLink }, as(ADMIN))).data?.link.id).toBe(
        aliceLink,
      );
    });

    it("cannot subscribe to the link's events, while the owner gets them", async () => {
      const bob = wsClientFor(gateway.url, { connectionParams: as(BOB) });
      const alice = wsClientFor(gateway.url, { connectionParams: as(ALICE) });
      const spy = subscribe(bob, LinkEventsDocument, { linkId: aliceLink });
      const owner = subscribe(alice, LinkEventsDocument, { linkId: aliceLink });
      await owner.received(2);
      const event = envelope({ link_id: aliceLink });
      await postWebhook(gateway.url, event, { authorization: gateway.app.config.webhookAuthorizations[0]! });
      await eventually(() => owner.results.some((result) => result.data?.linkEvents.id === event.webhook_id));
      await spy.done;
      expect(spy.results).toHaveLength(1);
      expect(spy.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      owner.stop();
      await Promise.all([bob.dispose(), alice.dispose()]);
    });
  });

  describe('over WebSocket', () => {
    const closeCodeFor = (params: Record<string, unknown> | undefined) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
        socket.on('close', (code) => resolve(code));
      });

    it('closes connections without or with wrong credentials with 4403', async () => {
      expect(await closeCodeFor(undefined)).toBe(4403);
      expect(await closeCodeFor({ 'x-api-key': 'nope' })).toBe(4403);
      expect(await closeCodeFor({ authorization: 'Bearer not-a-token' })).toBe(4403);
    });

    it('accepts an API key or a bearer token in connection_init', async () => {
      for (const params of [as(ALICE), bearer(await hs256({ sub: 'dave', scope: 'read admin' }))]) {
        const client = wsClientFor(gateway.url, { connectionParams: params });
        const subscriber = subscribe(client, LinkEventsDocument, { linkId: aliceLink });
        await subscriber.received(1);
        expect(subscriber.results[0]!.errors).toBeUndefined();
        subscriber.stop();
        await client.dispose();
      }
    });
  });
});

describe('the per-principal rate limit', () => {
  it('answers 429 with Retry-After past the limit, for that principal only', async () => {
    const gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('alice', ALICE), apiKeyEntry('bob', BOB)].join(','),
      RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const id = '00000000-0000-4000-8000-000000000000';
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await gateway.graphql(LinkWithDataDocument, { id }, as(ALICE))).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(ALICE) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({
        errors: [{ extensions: { code: 'RATE_LIMITED', retryable: true } }],
      });
      expect((await gateway.graphql(LinkWithDataDocument, { id }, as(BOB))).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});

describe('configuration', () => {
  it('refuses real mode without client authentication', () => {
    expect(() =>
      loadConfig({
        BELVO_BASE_URL: 'https://api.belvo.com',
        BELVO_SECRET_ID: 'id',
        BELVO_SECRET_PASSWORD: 'pw',
        DATABASE_URL: 'postgres://127.0.0.1/gateway',
      }),
    ).toThrow(/CLIENT_API_KEYS/);
  });

  it.each([
    ['without DATABASE_URL', undefined, /DATABASE_URL is required in real mode/],
    ['on pglite:memory', 'pglite:memory', /DATABASE_URL is pglite:memory in real mode/],
    ['on an unknown scheme', 'mysql://127.0.0.1/x', /DATABASE_URL must be postgres/],
  ])('refuses real mode %s: a restart would lock tenants out', (_, url, message) => {
    expect(() =>
      loadConfig({
        BELVO_BASE_URL: 'https://api.belvo.com',
        BELVO_SECRET_ID: 'id',
        BELVO_SECRET_PASSWORD: 'pw',
        CLIENT_API_KEYS: apiKeyEntry('a', 'k'),
        ...(url ? { DATABASE_URL: url } : {}),
      }),
    ).toThrow(message);
  });

  it('keeps state in PGlite, in memory by default in embedded mode or in a directory', () => {
    expect(loadConfig({}).state.database).toEqual({ kind: 'pglite', dataDir: undefined });
    expect(loadConfig({ DATABASE_URL: 'pglite:./data' }).state.database).toEqual({
      kind: 'pglite',
      dataDir: './data',
    });
  });

  it('refuses an open gateway on a non-loopback interface', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST/);
  });

  it('refuses malformed API key entries and short JWT secrets', () => {
    expect(() => loadConfig({ CLIENT_API_KEYS: 'alice:not-a-hash' })).toThrow(/CLIENT_API_KEYS/);
    expect(() => loadConfig({ CLIENT_API_KEYS: `${apiKeyEntry('a', 'k')}:root` })).toThrow(/scope/);
    expect(() => loadConfig({ JWT_HS256_SECRET: 'short' })).toThrow(/JWT_HS256_SECRET/);
  });

  it('refuses a JWKS file that is missing, not JSON or not a key set, naming the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-bad-'));
    const notJson = join(dir, 'not.json');
    const noKeys = join(dir, 'empty.json');
    writeFileSync(notJson, 'vm-not-json');
    writeFileSync(noKeys, JSON.stringify({ keys: [] }));
    for (const [file, reason] of [
      [join(dir, 'missing.json'), /cannot be read/],
      [notJson, /is not JSON/],
      [noKeys, /JSON Web Key Set/],
    ] as const) {
      expect(() => loadConfig({ JWT_JWKS_FILE: file })).toThrow(reason);
      expect(() => loadConfig({ JWT_JWKS_FILE: file })).toThrow(/JWT_JWKS_FILE/);
    }
  });

  it('needs an encryption key for Redis in real mode', () => {
    expect(() =>
      loadConfig({
        BELVO_BASE_URL: 'https://api.belvo.com',
        BELVO_SECRET_ID: 'id',
        BELVO_SECRET_PASSWORD: 'pw',
        CLIENT_API_KEYS: apiKeyEntry('a', 'k'),
        REDIS_URL: 'redis://127.0.0.1:6379',
        DATABASE_URL: 'postgres://127.0.0.1/gateway',
      }),
    ).toThrow(/CACHE_ENCRYPTION_KEY/);
  });
});
