import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS, startSandbox } from '../../test/support/sandbox.js';
import type { BelvoLink } from '../belvo/contract/types.js';
import type { FaultKind } from './faults.js';
import type { BelvoSandbox } from './server.js';

/* The simulator's HTTP edges: what Belvo answers before and around the endpoints themselves. */

const auth = `Basic ${Buffer.from(`${SANDBOX_KEYS.secretId}:${SANDBOX_KEYS.secretPassword}`).toString('base64')}`;
const errorOf = (code: string, extra: object = {}) => [
  { request_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: expect.any(String), code, ...extra },
];

let sandbox: BelvoSandbox;
let url: string;

beforeAll(async () => {
  ({ sandbox, url } = await startSandbox({ extractionDelayMs: 600_000 }));
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.faults.clear());

interface Sent {
  status: number;
  headers: Headers;
  text: string;
}

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() } as Sent;
}

const json = (sent: Sent) => JSON.parse(sent.text) as unknown;
const createLink = async () =>
  json(
    await send(
      'POST',
      '/api/links/',
      JSON.stringify({ institution: 'pila_co_employment', username: '1700000001' }),
    ),
  ) as BelvoLink;

describe('the simulator over HTTP', () => {
  it('answers JSON as application/json, and the API root with absolute URLs', async () => {
    const root = await send('GET', '/api/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('application/json');
    expect(json(root)).toEqual({ links: `${url}/api/links/` });
  });

  it('checks the keys before it reads the body', async () => {
    const wrongKeys = await send('POST', '/api/links/', '{not json', { authorization: 'Basic bm8=' });
    expect({ status: wrongKeys.status, body: json(wrongKeys) }).toEqual({
      status: 401,
      body: errorOf('authentication_failed'),
    });
    const noKeys = await fetch(`${url}/api/`);
    expect(noKeys.status).toBe(401);
  });

  it('refuses malformed JSON with parse_error and a body over 1 MiB with request_too_large', async () => {
    const malformed = await send('POST', '/api/links/', '{"institution": ');
    expect({ status: malformed.status, body: json(malformed) }).toEqual({
      status: 400,
      body: errorOf('parse_error'),
    });
    const huge = await send('POST', '/api/links/', JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }));
    expect({ status: huge.status, body: json(huge) }).toEqual({
      status: 413,
      body: errorOf('request_too_large'),
    });
  });

  it('reads an empty body as an empty object, whatever the content type says', async () => {
    const empty = await send('POST', '/api/links/', undefined, { 'content-type': '' });
    expect({ status: empty.status, body: json(empty) }).toEqual({
      status: 400,
      body: errorOf('required', { field: 'institution' }),
    });
    const plain = await send(
      'POST',
      '/api/links/',
      JSON.stringify({ institution: 'pila_co_employment', username: '1700000002' }),
      { 'content-type': 'text/plain' },
    );
    expect(plain.status).toBe(201);
    const malformedType = await send(
      'POST',
      '/api/links/',
      JSON.stringify({ institution: 'pila_co_employment', username: '1700000005' }),
      { 'content-type': 'json' },
    );
    expect(malformedType.status).toBe(201);
  });

  it('answers not_found for unknown paths and paths without the trailing slash', async () => {
    for (const path of [
      '/api/links',
      '/api/nothing/',
      '/elsewhere/',
      '/api/links/a/b/',
      '/api/co/employments/a/b/',
    ]) {
      const answer = await send('GET', path);
      expect({ path, status: answer.status, body: json(answer) }).toEqual({
        path,
        status: 404,
        body: errorOf('not_found'),
      });
    }
  });

  it('answers method_not_allowed on known paths, and not_found first for an unknown id', async () => {
    const link = await createLink();
    for (const [method, path, status] of [
      ['PUT', '/api/links/', 405],
      ['DELETE', '/api/co/employments/', 405],
      ['PATCH', '/api/owners/', 405],
      ['GET', `/api/links/${link.id}/refresh/`, 405],
      ['POST', `/api/links/${link.id}/`, 405],
      ['POST', '/api/links/00000000-0000-4000-8000-000000000000/', 404],
      ['PATCH', '/api/co/employments/00000000-0000-4000-8000-000000000000/', 404],
    ] as const) {
      const answer = await send(method, path, method === 'GET' ? undefined : '{}');
      expect({ method, path, status: answer.status, body: json(answer) }).toEqual({
        method,
        path,
        status,
        body: errorOf(status === 405 ? 'method_not_allowed' : 'not_found'),
      });
    }
    expect((await send('HEAD', '/api/links/')).status).toBe(405);
  });

  it('logs each request with its endpoint, path and status', async () => {
    sandbox.resetCounters();
    const link = await createLink();
    await send('GET', `/api/links/${link.id}/?fields=id`);
    expect(sandbox.requests).toEqual([
      { method: 'POST', endpoint: '/api/links/', url: '/api/links/', status: 201 },
      { method: 'GET', endpoint: '/api/links/{id}/', url: `/api/links/${link.id}/?fields=id`, status: 200 },
    ]);
  });
});

describe('the simulator’s faults', () => {
  it.each<[FaultKind, number, string | null, RegExp]>([
    ['server_error', 500, 'application/json', /"code":"unexpected_error"/],
    ['request_timeout', 408, 'application/json', /"code":"request_timeout"/],
    ['too_many_sessions', 400, 'application/json', /"code":"too_many_sessions"/],
    ['auth_failure', 401, 'application/json', /"code":"authentication_failed"/],
    ['rate_limit', 429, null, /^$/],
    ['bad_gateway_html', 502, 'text/html', /502 Bad Gateway/],
    ['html', 200, 'text/html', /Maintenance/],
    ['malformed_json', 200, 'application/json', /^\{"count": 3, "next": null, "results": \[\{"id": $/],
  ])('%s answers %i (%s)', async (kind, status, contentType, body) => {
    sandbox.faults.inject({ kind, match: 'GET /api/links/' });
    const answer = await send('GET', '/api/links/');
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe(contentType);
    expect(answer.text).toMatch(body);
    expect((await send('GET', '/api/links/')).status).toBe(200);
  });

  it('sends Retry-After with a rate_limit fault when asked, a huge body, and a slow body', async () => {
    sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 7 });
    expect((await send('GET', '/api/links/')).headers.get('retry-after')).toBe('7');
    sandbox.faults.inject({ kind: 'huge_body', bytes: 2048 });
    expect((await send('GET', '/api/links/')).text).toHaveLength(2048 + '{"padding":""}'.length);
    sandbox.faults.inject({ kind: 'slow_body', delayMs: 50 });
    expect(json(await send('GET', '/api/links/'))).toEqual({
      count: 0,
      next: null,
      previous: null,
      results: [],
    });
  });

  it('does the work, then answers 500 (server_error_after) or drops the connection (reset_after)', async () => {
    sandbox.resetCounters();
    const before = sandbox.world.links.size;
    sandbox.faults.inject({ kind: 'server_error_after', match: 'POST /api/links/' });
    const failed = await send(
      'POST',
      '/api/links/',
      JSON.stringify({ institution: 'pila_co_employment', username: '1700000003' }),
    );
    expect({ status: failed.status, body: json(failed) }).toEqual({
      status: 500,
      body: errorOf('unexpected_error'),
    });
    sandbox.faults.inject({ kind: 'reset_after', match: 'POST /api/links/' });
    await expect(
      send(
        'POST',
        '/api/links/',
        JSON.stringify({ institution: 'pila_co_employment', username: '1700000004' }),
      ),
    ).rejects.toThrow();
    expect(sandbox.world.links.size).toBe(before + 2);
    expect(sandbox.requests.map((logged) => logged.status)).toEqual([500, 0]);
  });

  it('points next at another origin (foreign_next), and waits before answering (slow_headers)', async () => {
    for (let i = 0; i < 3; i++) await createLink();
    sandbox.faults.inject({ kind: 'foreign_next' });
    const page = json(await send('GET', '/api/links/?page_size=1')) as { next: string };
    expect(page.next).toMatch(/^https:\/\/collector\.example\.net\/api\/links\/\?page_size=1&page=2$/);
    sandbox.faults.inject({ kind: 'slow_headers', delayMs: 50 });
    expect((await send('GET', '/api/')).status).toBe(200);
  });

  it('keeps a connection to answer several requests (keep-alive)', async () => {
    const agentless = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = httpRequest(`${url}${path}`, { headers: { authorization: auth } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers.connection));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await agentless('/api/')).toBe('keep-alive');
  });
});
