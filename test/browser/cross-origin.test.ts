import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway, type Gateway } from '../support/gateway.js';
import { launchChromium } from '../support/browser.js';

/**
 * What a page tries against a gateway: open a graphql-ws socket and send `connection_init` (the
 * default embedded gateway has no client authentication: an ack would mean the page may subscribe
 * as the local admin), and POST a query. Runs inside the browser; answers what it could do.
 */
const PROBE = `
async function probe(gateway) {
  const socket = await new Promise((resolve) => {
    const ws = new WebSocket(gateway.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const outcome = { opened: false, acked: false, closeCode: 0 };
    ws.onopen = () => { outcome.opened = true; ws.send(JSON.stringify({ type: 'connection_init' })); };
    ws.onmessage = (event) => {
      if (JSON.parse(event.data).type === 'connection_ack') outcome.acked = true;
      ws.close(1000);
    };
    ws.onclose = (event) => { outcome.closeCode = event.code; resolve(outcome); };
  });
  let http;
  try {
    const response = await fetch(gateway + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ links(first: 1) { totalCount } }' }),
    });
    http = { status: response.status, body: await response.text() };
  } catch (error) {
    http = { blocked: String(error) };
  }
  return { socket, http };
}`;

interface ProbeResult {
  socket: { opened: boolean; acked: boolean; closeCode: number };
  http: { status?: number; body?: string; blocked?: string };
}

/** A site on another origin (another port of 127.0.0.1), serving a page with the probe. */
async function startForeignSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(`<!doctype html><title>elsewhere</title><script>${PROBE}</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('browser origins', () => {
  let gateway: Gateway;
  let browser: Browser;
  let site: { server: Server; origin: string };

  beforeAll(async () => {
    site = await startForeignSite();
    gateway = await startGateway(); // open (no client auth), loopback: the case of the report
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  async function probeFrom(pageUrl: string, gatewayUrl: string): Promise<ProbeResult> {
    const page = await browser.newPage();
    try {
      await page.goto(pageUrl);
      if (!pageUrl.startsWith(site.origin)) await page.addScriptTag({ content: PROBE });
      return (await page.evaluate(
        (url) => (globalThis as unknown as { probe(url: string): Promise<unknown> }).probe(url),
        gatewayUrl,
      )) as ProbeResult;
    } finally {
      await page.close();
    }
  }

  it('refuses a WebSocket and the HTTP answer to a page from another origin', async () => {
    const result = await probeFrom(`${site.origin}/`, gateway.url);
    expect(result.socket).toEqual({ opened: false, acked: false, closeCode: 1006 });
    expect(result.http.blocked).toMatch(/Failed to fetch/);
  });

  it('lets the gateway’s own pages (the explorer’s origin) open sockets and read answers', async () => {
    const result = await probeFrom(`${gateway.url}/healthz`, gateway.url);
    expect(result.socket.acked).toBe(true);
    expect(result.http.status).toBe(200);
    const localhost = gateway.url.replace('127.0.0.1', 'localhost');
    expect((await probeFrom(`${localhost}/healthz`, localhost)).socket.acked).toBe(true);
  });

  it('answers the upgrade from a foreign origin with 403, before any WebSocket exists', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
        origin: 'https://evil.example',
      });
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the upgrade was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
    // Non-browser clients send no Origin and are a matter of authentication, not origins.
    const plain = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => plain.once('open', resolve).once('error', reject));
    plain.close();
  });

  it('serves an origin listed in ALLOWED_ORIGINS, with CORS, besides the gateway’s own', async () => {
    const configured = await startGateway({ ALLOWED_ORIGINS: site.origin });
    try {
      const result = await probeFrom(`${site.origin}/`, configured.url);
      expect(result.socket.acked).toBe(true);
      expect(result.http.status).toBe(200);
      expect(JSON.parse(result.http.body!)).toMatchObject({ data: { links: { totalCount: 0 } } });
      const preflight = await fetch(`${configured.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin: site.origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-api-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(site.origin);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
      const own = await probeFrom(`${configured.url}/healthz`, configured.url);
      expect(own.socket.acked).toBe(true);
    } finally {
      await configured.stop();
    }
  });
});
