import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';

/** A raw TCP connection that sent `head` and trickles more: what it received, and whether it ended. */
interface Trickle {
  received: string;
  closed: boolean;
  /** Settles once the server closed the connection. */
  ended: Promise<void>;
  abort(): void;
}

/**
 * A raw TCP client that sends `head`, then one byte of `trickled` every `everyMs` until the server
 * closes the connection. Answers once `head` is written; `ended` tells when it was closed. Which
 * of two connections the server ends first is what these tests compare, never durations.
 */
async function trickle(url: string, head: string, everyMs = 50, trickled = 'x'): Promise<Trickle> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => {}); // a reset is one way of being cut off
  const state: Trickle = {
    received: '',
    closed: false,
    ended: new Promise<void>((resolve) =>
      socket.once('close', () => {
        state.closed = true;
        clearInterval(timer);
        resolve();
      }),
    ),
    abort: () => socket.destroy(),
  };
  socket.on('data', (chunk) => (state.received += chunk.toString('latin1')));
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(trickled);
  }, everyMs);
  return state;
}

// Each test compares its own connections, so they run side by side: the file takes one request timeout.
describe.concurrent('slow and idle HTTP clients', () => {
  let gateway: Gateway;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGateway({
      HTTP_HEADERS_TIMEOUT_MS: '400',
      // Well past the headers timeout and the keep-alive close (which Node takes a second after
      // the keep-alive timeout): a body trickle started first must outlive those connections.
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
    });
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(() => gateway.stop());

  const post = (path: string, headers: string[], contentLength = 100_000) =>
    [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${contentLength}`,
      ...headers,
      '',
      '',
    ].join('\r\n');
  const slowHeaders = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
  /** Ended by nothing but the request timeout; opened first, it shows what another was ended by. */
  const slowGraphqlBody = () => trickle(gateway.url, post('/graphql', []) + '{"query":"');

  it('cuts a client trickling its headers within the headers timeout', async ({ expect }) => {
    const reference = await slowGraphqlBody();
    const headers = await trickle(gateway.url, slowHeaders);
    await headers.ended;
    expect(reference.closed).toBe(false); // ended before the request timeout could have come
    expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
    reference.abort();
  });

  it('cuts a client trickling a /graphql body within the request timeout', async ({ expect }) => {
    const body = await slowGraphqlBody();
    const headers = await trickle(gateway.url, slowHeaders);
    await headers.ended;
    expect(body.closed).toBe(false); // a body has the request timeout, not the headers timeout
    await body.ended;
    expect(body.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.received).not.toContain('200 OK');
  });

  it('cuts a client trickling an authorized webhook body within the request timeout', async ({ expect }) => {
    // A declared length within the body limit: refused for its size, it would be answered at once.
    const webhook = await trickle(
      gateway.url,
      post('/webhooks/belvo', [`Authorization: ${authorization}`], 1_000) + '{"webhook_id":"',
    );
    await webhook.ended;
    expect(webhook.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes the connection right after refusing a webhook whose body is still arriving (401)', async ({
    expect,
  }) => {
    const reference = await slowGraphqlBody();
    const refused = await trickle(
      gateway.url,
      post('/webhooks/belvo', ['Authorization: Bearer wrong']) + '{',
    );
    await refused.ended;
    expect(refused.received).toMatch(/^HTTP\/1\.1 401 /);
    expect(refused.received.toLowerCase()).toContain('connection: close');
    expect(reference.closed).toBe(false); // closed because it was answered, not by the request timeout
    reference.abort();
  });

  it('closes the connection right after refusing /graphql for its media type (415)', async ({ expect }) => {
    const reference = await slowGraphqlBody();
    const head = post('/graphql', []).replace('application/json', 'application/json; charset=utf-7');
    const refused = await trickle(gateway.url, head + '{');
    await refused.ended;
    expect(refused.received).toMatch(/^HTTP\/1\.1 415 /);
    expect(reference.closed).toBe(false);
    reference.abort();
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async ({ expect }) => {
    const reference = await slowGraphqlBody();
    // A complete request, then silence (no trickle): the connection ends once idle long enough.
    const idle = await trickle(
      gateway.url,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
      60_000,
    );
    await idle.ended;
    expect(idle.received).toMatch(/^HTTP\/1\.1 200 /);
    // Before the request timeout: Node's default keep-alive (5 s) or fastify's (72 s) would not be.
    expect(reference.closed).toBe(false);
    reference.abort();
  });
});
