import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultKind } from '../../src/sandbox/faults.js';
import { CreateLinkDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

const metric = async (gateway: Gateway, series: string) => {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
/** The links breaker: 0 closed (also before it ever changed), 1 half-open, 2 open. */
const linksCircuit = 'belvo_circuit_state{endpoint_class="links"}';

describe('Belvo failing, through the GraphQL API', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({
      CACHE_TTL_MS: '0', // every read goes to Belvo
      // Room for three attempts on a loaded machine; slow headers below outlast it.
      BELVO_TIMEOUT_MS: '2000',
      BELVO_RETRY_BASE_MS: '5',
      BELVO_MAX_RETRIES: '2',
      BELVO_MAX_RESPONSE_BYTES: '65536',
      BELVO_CIRCUIT_FAILURES: '1000', // the circuit has its own test below
    });
    linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1400000001' } })).data!.createLink
      .link!.id;
    // Both webhooks in: one that came before the link was recorded had it checked at Belvo, a read
    // a test's own read would otherwise share (and not count).
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
  });
  afterAll(() => gateway.stop());
  afterEach(() => gateway.sandbox.faults.clear());

  const readLink = () => gateway.graphql(LinkWithDataDocument, { id: linkId });
  const linkReads = () => gateway.sandbox.count('GET', '/api/links/');

  it('retries 500s and serves the answer when Belvo recovers within the retries', async () => {
    gateway.sandbox.resetCounters();
    gateway.sandbox.faults.inject({ kind: 'server_error', times: 2, match: 'GET /api/links/' });
    const result = await readLink();
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(linkReads()).toBe(3);
  });

  it.each<[string, FaultKind, Record<string, number>, string]>([
    ['persistent 500s', 'server_error', {}, 'UPSTREAM_UNAVAILABLE'],
    ['a 502 HTML page from a proxy', 'bad_gateway_html', {}, 'UPSTREAM_UNAVAILABLE'],
    ['slow headers', 'slow_headers', { delayMs: 4_000 }, 'UPSTREAM_TIMEOUT'],
    ['truncated JSON', 'malformed_json', {}, 'UPSTREAM_BAD_RESPONSE'],
    ['an HTML body with status 200', 'html', {}, 'UPSTREAM_BAD_RESPONSE'],
    ['a huge body', 'huge_body', { bytes: 1_000_000 }, 'UPSTREAM_BAD_RESPONSE'],
    ['401 for our keys', 'auth_failure', {}, 'UPSTREAM_AUTH'],
  ])('turns %s (fault %s) into a clear, coded error', async (_, kind, options, code) => {
    gateway.sandbox.faults.inject({ kind, times: 10, match: 'GET /api/links/', ...options });
    const result = await readLink();
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe(code);
    expect(error?.message).not.toMatch(/stack|at \w+ \(/);
  });

  it('never retries a 401: the keys will not get better', async () => {
    gateway.sandbox.resetCounters();
    gateway.sandbox.faults.inject({ kind: 'auth_failure', times: 10, match: 'GET /api/links/' });
    await readLink();
    expect(linkReads()).toBe(1);
  });
});

describe('a 429 from Belvo', () => {
  it('pauses every caller for its Retry-After: RATE_LIMITED with retryAfterSeconds, nothing more sent', async () => {
    const gateway = await startGateway({
      CACHE_TTL_MS: '0',
      BELVO_TIMEOUT_MS: '400',
      // No extraction, so no webhook whose link check, in flight when the fault is queued, could
      // answer the query from before the 429 (it did, now and then).
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
    try {
      const linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1400000004' } })).data!
        .createLink.link!.id;
      gateway.sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 30, match: 'GET /api/links/' });
      gateway.sandbox.resetCounters();
      for (let i = 0; i < 3; i++) {
        const error = (await gateway.graphql(LinkWithDataDocument, { id: linkId })).errors?.[0];
        expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
        expect(error?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(29);
        expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(30);
      }
      expect(gateway.sandbox.count()).toBe(1);
    } finally {
      await gateway.stop();
    }
  });

  it('without Retry-After, tells the first caller too when to come back: the pause every caller then waits', async () => {
    const gateway = await startGateway({
      CACHE_TTL_MS: '0',
      BELVO_TIMEOUT_MS: '400',
      BELVO_BUDGET_PAUSE_MS: '7000',
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // as above
    });
    try {
      const linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1400000005' } })).data!
        .createLink.link!.id;
      gateway.sandbox.faults.inject({ kind: 'rate_limit', match: 'GET /api/links/' });
      gateway.sandbox.resetCounters();
      const first = (await gateway.graphql(LinkWithDataDocument, { id: linkId })).errors?.[0];
      expect(first?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
        retryAfterSeconds: 7,
      });
      const next = (await gateway.graphql(LinkWithDataDocument, { id: linkId })).errors?.[0];
      expect(next?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(next?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(next?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(7);
      expect(gateway.sandbox.count()).toBe(1);
    } finally {
      await gateway.stop();
    }
  });
});

describe('the circuit breaker around Belvo', () => {
  afterEach(() => vi.useRealTimers());

  it('opens after consecutive failures, fails fast while open, and closes after a good trial', async () => {
    // Only Date is faked (the breaker and cockatiel read Date.now()): it runs on as usual and jumps
    // over the cooldown on demand, while timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const gateway = await startGateway({
      CACHE_TTL_MS: '0',
      BELVO_MAX_RETRIES: '0',
      BELVO_CIRCUIT_FAILURES: '3',
      BELVO_CIRCUIT_COOLDOWN_MS: '60000',
    });
    try {
      const linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1400000002' } })).data!
        .createLink.link!.id;
      const read = () => gateway.graphql(LinkWithDataDocument, { id: linkId });

      // 4xx answers prove Belvo is up: they never open the circuit.
      for (let i = 0; i < 5; i++) {
        await gateway.graphql(LinkWithDataDocument, { id: '00000000-0000-4000-8000-000000000000' });
      }
      expect((await metric(gateway, linksCircuit)) ?? 0).toBe(0);

      gateway.sandbox.faults.inject({ kind: 'server_error', times: 100 });
      for (let i = 0; i < 3; i++) await read();
      expect(await metric(gateway, linksCircuit)).toBe(2);
      gateway.sandbox.resetCounters();
      const fast = await read();
      expect(fast.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(fast.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(fast.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(gateway.sandbox.count()).toBe(0);

      // Belvo is back, but the circuit stays open until its cooldown has passed on the clock.
      gateway.sandbox.faults.clear();
      expect((await read()).errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(gateway.sandbox.count()).toBe(0);

      vi.setSystemTime(Date.now() + 60_000);
      expect((await read()).errors).toBeUndefined();
      expect(gateway.sandbox.count()).toBeGreaterThan(0);
      expect(await metric(gateway, linksCircuit)).toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});

describe('stale data while Belvo is down', () => {
  afterEach(() => vi.useRealTimers());

  it('serves expired cached data flagged extensions.stale, where a fresh read fails', async () => {
    // Date faked before the gateway exists (its caches keep the Date.now they were built with), to
    // step past the TTL instead of sleeping through it; timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const gateway = await startGateway({
      CACHE_TTL_MS: '60000',
      BELVO_MAX_RETRIES: '0',
      BELVO_CIRCUIT_FAILURES: '1000',
    });
    try {
      const linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1400000003' } })).data!
        .createLink.link!.id;
      // Both webhooks processed (each invalidates the link's cache) before the data is cached.
      await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
      const fresh = await gateway.graphql(LinkWithDataDocument, { id: linkId });
      expect(fresh.extensions?.stale).toBeUndefined();
      expect(fresh.data!.link.employments.length).toBeGreaterThan(0);
      // Reads joining the one that filled the cache have stopped lingering: what follows is the cache's.
      await eventually(() => gateway.app.cache.flights.size === 0);

      gateway.sandbox.faults.inject({ kind: 'server_error', times: 100 });
      gateway.sandbox.resetCounters();
      // Within the TTL the cache answers: Belvo failing changes nothing and is not even asked.
      expect(await gateway.graphql(LinkWithDataDocument, { id: linkId })).toEqual(fresh);
      expect(gateway.sandbox.count()).toBe(0);

      vi.setSystemTime(Date.now() + 60_000);
      const stale = await gateway.graphql(LinkWithDataDocument, { id: linkId });
      expect(gateway.sandbox.count()).toBeGreaterThan(0); // expired: Belvo was asked, and failed
      expect(stale.errors).toBeUndefined();
      expect(stale.extensions).toEqual({ stale: true });
      expect(stale.data).toEqual(fresh.data);

      gateway.sandbox.faults.clear();
      expect((await gateway.graphql(LinkWithDataDocument, { id: linkId })).extensions?.stale).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });
});
