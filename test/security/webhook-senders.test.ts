import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const AUTHORIZATION = 'Bearer webhook-senders-test-secret';
const RIGHT = { authorization: AUTHORIZATION };
const BELVO_RANGES = '10.0.0.0/8,2001:db8::/32';
/** No simulated extraction: the only webhooks are the ones the tests post. */
const QUIET = { SANDBOX_EXTRACTION_DELAY_MS: '600000', WEBHOOK_AUTHORIZATION: AUTHORIZATION };
/** A webhook the route admits and answers `ignored` (no link needed): 200 means it passed every gate. */
const harmless = () => envelope({ webhook_type: 'SOMETHING', webhook_code: 'new_thing' });

const from = (forwardedFor: string) => ({ ...RIGHT, 'x-forwarded-for': forwardedFor });

/**
 * Sends the headers of a post that announces a body and never sends it: only an answer given
 * before the body is read can arrive.
 */
function postHeadersOnly(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const pending = request(`${url}/webhooks/belvo`, {
      method: 'POST',
      headers: { ...RIGHT, 'content-type': 'application/json', 'content-length': '4096' },
    });
    pending.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        pending.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    pending.on('error', reject);
    pending.flushHeaders();
  });
}

describe("the webhook route's sender allow-list", () => {
  let direct: Gateway;
  let local: Gateway;
  let behindOne: Gateway;
  let behindTwo: Gateway;

  beforeAll(async () => {
    [direct, local, behindOne, behindTwo] = await Promise.all([
      startGateway({ ...QUIET, WEBHOOK_ALLOWED_CIDRS: BELVO_RANGES }),
      startGateway({ ...QUIET, WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' }),
      startGateway({
        ...QUIET,
        WEBHOOK_ALLOWED_CIDRS: BELVO_RANGES,
        WEBHOOK_TRUSTED_PROXIES: '1',
        WEBHOOK_AUTH_FAILURES_PER_MINUTE: '2',
      }),
      startGateway({ ...QUIET, WEBHOOK_ALLOWED_CIDRS: BELVO_RANGES, WEBHOOK_TRUSTED_PROXIES: '2' }),
    ]);
  });
  afterAll(() => Promise.all([direct, local, behindOne, behindTwo].map((gateway) => gateway.stop())));

  it('answers 403 before reading the body to an address outside the ranges, even with the right Authorization', async () => {
    const refused = await postHeadersOnly(direct.url);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // Without trusted proxies the socket's address is the sender: the header is nobody's word.
    expect((await postWebhook(direct.url, harmless(), from('10.1.2.3'))).status).toBe(403);
  });

  it('admits an address inside the ranges (the socket peer, without proxies)', async () => {
    expect(await postWebhook(local.url, harmless(), RIGHT)).toMatchObject({
      status: 200,
      body: { status: 'ignored' },
    });
  });

  it.each([
    ['an IPv4 address in range', '10.1.2.3'],
    ['an IPv6 address in range', '2001:db8::7'],
    ['an IPv4-mapped IPv6 address in range', '::ffff:10.1.2.3'],
    ['a forged entry left of the one the proxy wrote', '203.0.113.9, 10.1.2.3'],
  ])('behind one trusted proxy, takes the right-most X-Forwarded-For entry: admits %s', async (_, header) => {
    expect((await postWebhook(behindOne.url, harmless(), from(header))).status).toBe(200);
  });

  it.each([
    ['an address out of range', '203.0.113.9'],
    ['an in-range entry forged left of the one the proxy wrote', '10.1.2.3, 203.0.113.9'],
    ['an IPv6 address out of range', '2001:db9::7'],
    ['an entry that is no address', '10.1.2.3:443'],
  ])('behind one trusted proxy, refuses %s with 403', async (_, header) => {
    const answer = await postWebhook(behindOne.url, harmless(), from(header));
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('behind one trusted proxy, refuses a request without X-Forwarded-For: the sender is unknown', async () => {
    expect((await postWebhook(behindOne.url, harmless(), RIGHT)).status).toBe(403);
  });

  it('behind two trusted proxies, takes the second entry from the right, and refuses a shorter header', async () => {
    const through = '203.0.113.9, 10.1.2.3, 172.16.0.1';
    expect((await postWebhook(behindTwo.url, harmless(), from(through))).status).toBe(200);
    expect((await postWebhook(behindTwo.url, harmless(), from('10.1.2.3'))).status).toBe(403);
  });

  it('counts wrong Authorization values per sender behind the proxies, not per proxy', async () => {
    const wrong = (forwardedFor: string) => ({
      authorization: 'Bearer guess',
      'x-forwarded-for': forwardedFor,
    });
    for (let i = 0; i < 2; i++) {
      expect((await postWebhook(behindOne.url, harmless(), wrong('10.0.0.1'))).status).toBe(401);
    }
    expect((await postWebhook(behindOne.url, harmless(), wrong('10.0.0.1'))).status).toBe(429);
    expect((await postWebhook(behindOne.url, harmless(), wrong('10.0.0.2'))).status).toBe(401);
    expect((await postWebhook(behindOne.url, harmless(), from('10.0.0.1'))).status).toBe(200);
  });

  it('counts refusals of the right Authorization apart, so an alert can say Belvo was refused', async () => {
    await postWebhook(behindOne.url, harmless(), from('203.0.113.10'));
    await postWebhook(behindOne.url, harmless(), {
      authorization: 'Bearer guess',
      'x-forwarded-for': '203.0.113.10',
    });
    const metrics = await (await fetch(`${behindOne.url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(`^gateway_webhooks_total\\{kind="unknown",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
          metrics,
        )?.[1] ?? 0,
      );
    expect(count('forbidden_authorized')).toBeGreaterThanOrEqual(1);
    expect(count('forbidden')).toBeGreaterThanOrEqual(1);
  });
});

describe('WEBHOOK_ALLOWED_CIDRS', () => {
  it('is off by default', () => {
    expect(loadConfig({}).webhookSenders).toEqual({ allowedCidrs: [], trustedProxies: 0 });
  });

  it('reads IPv4 and IPv6 ranges, and single addresses as /32 and /128', () => {
    const config = loadConfig({ WEBHOOK_ALLOWED_CIDRS: '10.0.0.0/8, 2001:DB8::/32,203.0.113.7,2001:db8::1' });
    expect(config.webhookSenders.allowedCidrs).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '203.0.113.7/32',
      '2001:db8::1/128',
    ]);
  });

  it.each(['10.1/8', '10.0.0.0/33', '2001:db8::/129', 'example.com', '0x0a000001', '10.0.0.0/8/8'])(
    'refuses %s, naming the variable',
    (entry) => {
      expect(() => loadConfig({ WEBHOOK_ALLOWED_CIDRS: entry })).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
    },
  );
});
