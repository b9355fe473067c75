import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';

/**
 * A raw TCP client that sends `head`, then one byte of `trickle` every `everyMs` until the server
 * closes the connection; answers when and how it was closed and what the server wrote.
 */
async function trickle(url: string, head: string, everyMs = 50, trickled = 'x') {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = Date.now();
  let received = '';
  let bytesSent = 0;
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => {}); // a reset is one way of being cut off
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) {
      socket.write(trickled);
      bytesSent += 1;
    }
  }, everyMs);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  clearInterval(timer);
  return { afterMs: Date.now() - started, received, bytesSent };
}

describe('slow and idle HTTP clients', () => {
  let gateway: Gateway;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGateway({
      HTTP_HEADERS_TIMEOUT_MS: '400',
      HTTP_REQUEST_TIMEOUT_MS: '800',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
    });
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(() => gateway.stop());

  const post = (path: string, headers: string[]) =>
    [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      'Content-Length: 100000',
      ...headers,
      '',
      '',
    ].join('\r\n');

  it('cuts a client trickling its headers within the headers timeout', async () => {
    const { afterMs, received } = await trickle(
      gateway.url,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ',
    );
    expect(afterMs).toBeLessThan(3_000);
    expect(received).not.toContain('200 OK');
  });

  it('cuts a client trickling a /graphql body within the request timeout', async () => {
    const { afterMs, received } = await trickle(gateway.url, post('/graphql', []) + '{"query":"');
    expect(afterMs).toBeGreaterThanOrEqual(700);
    expect(afterMs).toBeLessThan(3_000);
    expect(received).not.toContain('200 OK');
  });

  it('cuts a client trickling an authorized webhook body within the request timeout', async () => {
    const { afterMs } = await trickle(
      gateway.url,
      post('/webhooks/belvo', [`Authorization: ${authorization}`]) + '{"webhook_id":"',
    );
    expect(afterMs).toBeLessThan(3_000);
  });

  it('closes the connection right after refusing a webhook whose body is still arriving (401)', async () => {
    const { afterMs, received } = await trickle(
      gateway.url,
      post('/webhooks/belvo', ['Authorization: Bearer wrong']) + '{',
    );
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(afterMs).toBeLessThan(700); // before the request timeout: closed because it was answered
  });

  it('closes the connection right after refusing /graphql for its media type (415)', async () => {
    const head = post('/graphql', []).replace('application/json', 'application/json; charset=utf-7');
    const { afterMs, received } = await trickle(gateway.url, head + '{');
    expect(received).toMatch(/^HTTP\/1\.1 415 /);
    expect(afterMs).toBeLessThan(700);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    // A complete request, then silence (no trickle): the connection ends once idle for 300 ms.
    const { afterMs, received } = await trickle(
      gateway.url,
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
      60_000,
    );
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(afterMs).toBeLessThan(2_000);
  });
});
