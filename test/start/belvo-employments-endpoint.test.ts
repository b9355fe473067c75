import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startupBanner } from '../../src/app/startup-banner.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';

/**
 * A Belvo of this file's own that accepts the keys (`GET /api/`) and answers `status` on the
 * Colombian employments list, counting the calls there.
 */
async function startFakeBelvo(status: number) {
  const calls = { employments: 0 };
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://fake');
    const send = (code: number, body: unknown) =>
      response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (pathname === '/api/') return send(200, {});
    if (pathname === '/api/co/employments/') {
      calls.employments++;
      if (status === 200) return send(200, { count: 0, next: null, previous: null, results: [] });
      return send(status, [{ code: status === 403 ? 'forbidden' : 'not_found', request_id: 'a'.repeat(32) }]);
    }
    return send(404, [{ code: 'not_found', request_id: 'a'.repeat(32) }]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

type FakeBelvo = Awaited<ReturnType<typeof startFakeBelvo>>;

describe('in real mode, the start-up check of Belvo’s employments endpoint', () => {
  let belvo: FakeBelvo | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (belvo) await new Promise((resolve) => belvo!.server.close(resolve));
    [belvo, gateway] = [undefined, undefined];
  });

  const startAgainst = async (status: number) => {
    belvo = await startFakeBelvo(status);
    gateway = await startGateway({
      BELVO_BASE_URL: belvo.url,
      BELVO_SECRET_ID: 'fake-id',
      BELVO_SECRET_PASSWORD: 'fake-password',
      BELVO_MAX_RETRIES: '0',
      CLIENT_API_KEYS: apiKeyEntry('ops', randomKey(), true),
      READINESS_CACHE_MS: '0',
    });
    return { belvo, gateway };
  };

  it.each([
    [
      404,
      /keys accepted, but GET \/api\/co\/employments\/ answered HTTP 404: this Belvo \(BELVO_BASE_URL\) does not serve Colombian employments/,
    ],
    [
      403,
      /keys accepted, but not for Colombian employments \(GET \/api\/co\/employments\/ answered HTTP 403\)/,
    ],
  ])('turns a %i there into one banner line and a /readyz reason', async (status, reason) => {
    const { gateway } = await startAgainst(status);
    const { banner } = await startupBanner(gateway.app, gateway.url, 2_000);
    expect(banner).toMatch(/NOT READY \(belvo failing/);
    const belvoLines = banner.split('\n').filter((line) => line.includes('/api/co/employments/'));
    expect(belvoLines).toHaveLength(1);
    expect(belvoLines[0]).toMatch(/^ {2}Belvo upstream: +http:\/\/127\.0\.0\.1:\d+ · ✗ /);
    expect(belvoLines[0]).toMatch(reason);

    const readyz = await fetch(`${gateway.url}/readyz`);
    expect(readyz.status).toBe(503);
    const body = (await readyz.json()) as { reasons: Record<string, string> };
    expect(body.reasons.belvo).toMatch(reason);
  });

  it('asks once when Belvo serves it, and stays ready without asking again', async () => {
    const { belvo, gateway } = await startAgainst(200);
    const { banner } = await startupBanner(gateway.app, gateway.url, 2_000);
    expect(banner).toMatch(/Belvo upstream: .* · keys accepted/);
    for (let i = 0; i < 3; i++) expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    expect(belvo.calls.employments).toBe(1);
  });
});
