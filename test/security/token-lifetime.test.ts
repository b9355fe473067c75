import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateLinkDocument, LinkEventsDocument } from '../generated/graphql.js';
import { randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const SECRET = randomKey() + randomKey();
const MAX_AGE_SECONDS = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** An HS256 token for `sub` with exactly the claims given (no `exp` unless passed). */
const token = (claims: { exp?: number; iat?: number }, sub = 'dana') =>
  new SignJWT({ sub, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

/** A raw graphql-ws handshake with `token`; answers how the server closed or acknowledged. */
async function connectWith(url: string, jwt: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const acked = new Promise<boolean>((resolve) => socket.on('message', () => resolve(true)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${jwt}` } }));
  return Promise.race([
    acked.then(() => ({ acked: true as const, socket, closed })),
    closed.then((code) => ({ acked: false as const, code })),
  ]);
}

describe('JWT lifetimes', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({
      JWT_HS256_SECRET: SECRET,
      JWT_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS),
      JWT_CLOCK_SKEW_SECONDS: '0',
    });
    const created = await gateway.graphql(
      CreateLinkDocument,
      { input: { cedula: '1300000001' } },
      { authorization: `Bearer ${await token({ exp: now() + 300, iat: now() })}` },
    );
    linkId = created.data!.createLink.link!.id;
  });
  afterAll(() => gateway.stop());

  const query = async (jwt: string) =>
    (
      await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({ query: '{ links(first: 1) { totalCount } }' }),
      })
    ).status;

  it('refuses tokens without exp, or living longer than JWT_MAX_AGE_SECONDS, over HTTP and WebSocket', async () => {
    const refused = [
      await token({}),
      await token({ exp: Date.UTC(5000, 0, 1) / 1000 }), // the year 5000
      await token({ iat: now(), exp: now() + MAX_AGE_SECONDS + 60 }),
      await token({ exp: now() + MAX_AGE_SECONDS + 60 }), // no iat: counted from now
    ];
    for (const jwt of refused) {
      expect(await query(jwt)).toBe(401);
      expect(await connectWith(gateway.url, jwt)).toEqual({ acked: false, code: 4403 });
    }
    const fine = await token({ iat: now(), exp: now() + MAX_AGE_SECONDS - 60 });
    expect(await query(fine)).toBe(200);
    const connected = await connectWith(gateway.url, fine);
    expect(connected.acked).toBe(true);
    if (connected.acked) connected.socket.close();
  });

  it('closes a socket with 4419 when its token expires, ending the subscriptions it carried', async () => {
    const exp = now() + 2;
    const client = wsClientFor(gateway.url, {
      connectionParams: async () => ({ authorization: `Bearer ${await token({ exp, iat: now() })}` }),
    });
    const closes: Array<{ code: number; at: number }> = [];
    client.on('closed', (event) => closes.push({ code: (event as { code: number }).code, at: Date.now() }));
    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    await subscriber.received(2); // the two extraction events, replayed
    await subscriber.done;
    expect(closes.map((close) => close.code)).toEqual([4419]);
    // Never before the token's expiry, on the clock the gateway reads.
    expect(closes[0]!.at).toBeGreaterThanOrEqual(exp * 1000);
    expect((subscriber.failure() as { code?: number }).code).toBe(4419);
    await client.dispose();
  });

  it('lets a client that makes a fresh token per connection reconnect and resume by itself', async () => {
    let tokensMade = 0;
    const client = wsClientFor(gateway.url, {
      retryAttempts: 3,
      retryWait: async () => {},
      // graphql-ws calls this for every connection: each one gets a fresh token (2 s here).
      connectionParams: async () => {
        tokensMade += 1;
        return { authorization: `Bearer ${await token({ exp: now() + 2, iat: now() })}` };
      },
    });
    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    await eventually(() => tokensMade >= 2, 6_000); // the first token expired; reconnected
    await subscriber.received(4); // re-subscribed: the record is replayed again
    const { status } = await postWebhook(
      gateway.url,
      envelope({
        link_id: linkId,
        webhook_type: 'OWNERS',
        webhook_code: 'new_owners_available',
        data: { new_owners: 1 },
      }),
      { authorization: gateway.app.config.webhookAuthorizations[0]! },
    );
    expect(status).toBe(200);
    await subscriber.received(5);
    expect(subscriber.failure()).toBeUndefined();
    await client.dispose();
  });
});
