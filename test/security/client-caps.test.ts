import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const ALICE = randomKey();
const BOB = randomKey();

type Upgrade =
  | { opened: true; socket: WebSocket; closed: Promise<number>; init(key: string): Promise<'acked' | number> }
  | { opened: false; status: number; retryAfter: string | undefined };

/** Opens a raw graphql-transport-ws socket; answers the HTTP refusal if the upgrade is refused. */
async function open(url: string): Promise<Upgrade> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise<Upgrade>((resolve) => {
    socket.on('error', () => {});
    socket.on('unexpected-response', (_request, response) => {
      resolve({
        opened: false,
        status: response.statusCode ?? 0,
        retryAfter: response.headers['retry-after'],
      });
      response.resume();
    });
    socket.on('open', () =>
      resolve({
        opened: true,
        socket,
        closed,
        init: (key) =>
          new Promise((done) => {
            socket.once('message', () => done('acked'));
            void closed.then(done);
            socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': key } }));
          }),
      }),
    );
  });
}

describe('caps per client', () => {
  let gateway: Gateway;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('alice', ALICE), apiKeyEntry('bob', BOB)].join(','),
      WS_MAX_SOCKETS_PER_PRINCIPAL: '3',
      WS_MAX_SOCKETS_PER_ADDRESS: '6',
      WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '2',
      WEBHOOK_AUTH_FAILURES_PER_MINUTE: '5',
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await gateway.stop();
  });

  async function opened(): Promise<Extract<Upgrade, { opened: true }>> {
    const upgrade = await open(gateway.url);
    if (!upgrade.opened) throw new Error(`upgrade refused with ${upgrade.status}`);
    sockets.push(upgrade.socket);
    return upgrade;
  }
  const openCount = () => gateway.app.ws.clients.size;

  it('refuses the upgrade with 429 and Retry-After beyond the unauthenticated sockets of one address', async () => {
    const pending = [await opened(), await opened()];
    const refused = await open(gateway.url);
    expect(refused).toMatchObject({ opened: false, status: 429 });
    expect(Number((refused as { retryAfter?: string }).retryAfter)).toBeGreaterThan(0);
    // Authenticating frees the place: a third socket may then be opened.
    expect(await pending[0]!.init(ALICE)).toBe('acked');
    const third = await opened();
    for (const upgrade of [...pending, third]) upgrade.socket.close();
    await eventually(() => openCount() === 0);
  });

  it('closes sockets beyond the open sockets of one principal with 4429; other principals go on', async () => {
    for (let i = 0; i < 3; i++) expect(await (await opened()).init(ALICE)).toBe('acked');
    expect(await (await opened()).init(ALICE)).toBe(4429);
    expect(await (await opened()).init(BOB)).toBe('acked');
  });

  it('refuses the upgrade beyond the open sockets of one address, authenticated or not', async () => {
    for (let i = 0; i < 2; i++) expect(await (await opened()).init(BOB)).toBe('acked');
    await eventually(() => openCount() === 6);
    expect(await open(gateway.url)).toMatchObject({ opened: false, status: 429 });
    for (const socket of sockets) socket.close();
    await eventually(() => openCount() === 0);
    expect(await (await opened()).init(BOB)).toBe('acked');
  });

  it('answers 429 with Retry-After to wrong webhook tokens once an address has spent its budget, never to the right one', async () => {
    const body = () => envelope({ webhook_type: 'SOMETHING', webhook_code: 'new_thing' });
    const wrong = { authorization: 'Bearer guess' };
    for (let i = 0; i < 5; i++) expect((await postWebhook(gateway.url, body(), wrong)).status).toBe(401);
    const limited = await postWebhook(gateway.url, body(), wrong);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Belvo's real deliveries from the same address (a shared proxy) go on being processed, between
    // wrong ones that stay refused.
    const right = { authorization: gateway.app.config.webhookAuthorizations[0]! };
    for (let i = 0; i < 3; i++) {
      expect(await postWebhook(gateway.url, body(), right)).toMatchObject({
        status: 200,
        body: { status: 'ignored' },
      });
      expect((await postWebhook(gateway.url, body(), wrong)).status).toBe(429);
    }
  });
});

describe('an authenticated socket without subscriptions', () => {
  it('is closed after WS_IDLE_TIMEOUT_MS', async () => {
    const gateway = await startGateway({
      CLIENT_API_KEYS: apiKeyEntry('alice', ALICE),
      WS_IDLE_TIMEOUT_MS: '300',
    });
    try {
      const upgrade = await open(gateway.url);
      if (!upgrade.opened) throw new Error('refused');
      const reason = new Promise<string>((resolve) =>
        upgrade.socket.once('close', (_code, why) => resolve(String(why))),
      );
      expect(await upgrade.init(ALICE)).toBe('acked');
      // Closed by the idle sweep (its reason says so), within the test's time although the default
      // idle timeout (30 s) is longer: WS_IDLE_TIMEOUT_MS applies.
      expect(await upgrade.closed).toBe(1000);
      expect(await reason).toBe('Idle timeout');
    } finally {
      await gateway.stop();
    }
  });
});
