import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, eventually, startSandbox } from '../../test/support/sandbox.js';
import { startReceiver } from '../../test/support/receiver.js';
import type { BelvoSandbox } from '../sandbox/server.js';
import type { BelvoClient } from './client.js';
import { BelvoError } from './errors.js';
import { InvalidItemError } from './errors.js';
import { INSTITUTION } from './contract/types.js';

/** The items of a list read, failing the test if Belvo's simulator sent one the schema refused. */
function readable<T>(items: ReadonlyArray<T | InvalidItemError>): T[] {
  const bad = items.filter((item) => item instanceof InvalidItemError);
  if (bad.length > 0) throw new Error(`${bad.length} items failed their schema`);
  return items as T[];
}

let sandbox: BelvoSandbox;
let url: string;
let client: BelvoClient;

beforeAll(async () => {
  ({ sandbox, url } = await startSandbox({ refreshCooldownMs: 60_000 }));
  client = clientFor(url);
});
afterAll(async () => {
  await client.close();
  await sandbox.stop();
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.resetCounters();
});

const createLink = (username = '1020304050', extra = {}) =>
  client.createLink({ institution: INSTITUTION, username, access_mode: 'single', ...extra });

async function failure(promise: Promise<unknown>): Promise<BelvoError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BelvoError);
  return error as BelvoError;
}

const waitForData = (linkId: string) =>
  eventually(
    () => sandbox.world.employments.some((item) => item.link === linkId) && sandbox.world.owners.length,
  );

describe('links', () => {
  it('creates, reads, lists with filters and deletes a link', async () => {
    const link = await createLink('1020304050', { external_id: 'client_ref-1' });
    expect(link).toMatchObject({
      institution: INSTITUTION,
      access_mode: 'single',
      external_id: 'client_ref-1',
    });
    // last_accessed_at moves when extraction finishes; the rest is the same link.
    expect(await client.getLink(link.id)).toEqual({ ...link, last_accessed_at: expect.any(String) });
    expect(readable(await client.allLinks({ external_id: 'client_ref-1' })).map((item) => item.id)).toEqual([
      link.id,
    ]);
    expect(await client.allLinks({ external_id: 'nobody' })).toEqual([]);
    expect(await client.deleteLink(link.id)).toBeUndefined();
    const gone = await failure(client.getLink(link.id));
    expect(gone).toMatchObject({ code: 'BELVO_API_ERROR', status: 404, belvoCode: 'not_found' });
    expect(gone.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('deletes asynchronously with 202 and then a link_deleted webhook', async () => {
    const receiver = await startReceiver();
    sandbox.setWebhookTarget({ url: receiver.url });
    try {
      const link = await createLink();
      const accepted = await client.deleteLink(link.id, { async: true });
      expect(accepted?.request_id).toMatch(/^[0-9a-f]{32}$/);
      const deleted = await eventually(() =>
        receiver.received.find(
          (item) => (item.body as { webhook_code: string }).webhook_code === 'link_deleted',
        ),
      );
      expect(deleted.body).toMatchObject({ webhook_type: 'LINK', link_id: link.id, data: {} });
    } finally {
      sandbox.setWebhookTarget(undefined);
      await receiver.close();
    }
  });

  it('refreshes with 202 and answers link_refreshed (409) within the cooldown', async () => {
    const link = await createLink();
    sandbox.world.links.get(link.id)!.lastRefreshAt = 0; // as if the last update was long ago
    expect((await client.refreshLink(link.id)).request_id).toMatch(/^[0-9a-f]{32}$/);
    const error = await failure(client.refreshLink(link.id));
    expect(error).toMatchObject({ status: 409, belvoCode: 'link_refreshed' });
  });

  it('answers the documented failing cédulas with their Belvo codes', async () => {
    expect(await failure(createLink('9991234567'))).toMatchObject({ status: 400, belvoCode: 'login_error' });
    expect(await failure(createLink('8881234567'))).toMatchObject({
      status: 400,
      belvoCode: 'institution_down',
    });
    expect(await failure(createLink('7771234567'))).toMatchObject({
      status: 400,
      belvoCode: 'too_many_sessions',
    });
  });

  it('passes validation errors through with their field', async () => {
    const error = await failure(createLink('12a45678'));
    expect(error).toMatchObject({
      code: 'BELVO_API_ERROR',
      status: 400,
      belvoCode: 'invalid',
      field: 'username',
    });
  });
});

describe('employments and owners', () => {
  it('lists by link and link__in', async () => {
    const first = await createLink('1020304050');
    const second = await createLink('52123456');
    await waitForData(first.id);
    await waitForData(second.id);
    const byLink = readable(await client.allEmployments({ link: first.id }));
    expect(byLink.length).toBeGreaterThanOrEqual(1);
    expect(byLink.every((item) => item.link === first.id)).toBe(true);
    const both = readable(await client.allEmployments({ link__in: [first.id, second.id] }));
    expect(new Set(both.map((item) => item.link))).toEqual(new Set([first.id, second.id]));

    const owners = readable(await client.allOwners({ link__in: [first.id, second.id] }));
    expect(owners).toHaveLength(2);
  });

  it('filters by created_at__range on calendar days, end day included', async () => {
    const link = await createLink('1031456789');
    await waitForData(link.id);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await client.allEmployments({ link: link.id, created_at__range: ['2000-01-01', today] }),
    ).not.toEqual([]);
    expect(
      await client.allEmployments({ link: link.id, created_at__range: ['2000-01-01', '2000-12-31'] }),
    ).toEqual([]);
  });
});

describe('pagination', () => {
  it('follows absolute next URLs across pages', async () => {
    for (const cedula of ['1000001', '1000002', '1000003', '1000004', '1000005']) await createLink(cedula);
    const small = clientFor(url, { pageSize: 2 });
    try {
      sandbox.resetCounters();
      const seen = readable(await small.allLinks()).map((link) => link.id);
      expect(seen.length).toBe(sandbox.world.links.size);
      expect(new Set(seen).size).toBe(seen.length);
      expect(sandbox.count('GET', '/api/links/')).toBe(Math.ceil(seen.length / 2));
      expect(sandbox.count('GET', '/api/links/')).toBeGreaterThanOrEqual(3);
    } finally {
      await small.close();
    }
  });

  it('refuses a next URL on a foreign origin', async () => {
    await createLink();
    sandbox.faults.inject({ kind: 'foreign_next', match: 'GET /api/links/' });
    const error = await failure(client.allLinks());
    expect(error.code).toBe('BELVO_FOREIGN_ORIGIN');
    expect(sandbox.count('GET', '/api/links/')).toBe(1);
  });
});

describe('failures', () => {
  it('answers authentication_failed for wrong keys', async () => {
    const wrong = clientFor(url, { secretPassword: 'wrong' });
    try {
      const error = await failure(wrong.getLink('0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88'));
      expect(error).toMatchObject({ status: 401, belvoCode: 'authentication_failed' });
    } finally {
      await wrong.close();
    }
  });

  it('retries GETs on 5xx, 408, too_many_sessions and 429 until one succeeds', async () => {
    const link = await createLink();
    sandbox.resetCounters();
    sandbox.faults.inject({ kind: 'server_error', match: 'GET /api/links/' });
    sandbox.faults.inject({ kind: 'request_timeout', match: 'GET /api/links/' });
    sandbox.faults.inject({ kind: 'too_many_sessions', match: 'GET /api/links/' });
    expect((await client.getLink(link.id)).id).toBe(link.id);
    expect(sandbox.count('GET', '/api/links/{id}/')).toBe(4);
  });

  it('honours Retry-After on 429', async () => {
    const link = await createLink();
    sandbox.resetCounters();
    sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'GET /api/links/' });
    const waits: number[] = [];
    const waiting = clientFor(url, { sleep: async (ms) => void waits.push(ms) });
    try {
      await waiting.getLink(link.id);
      expect(sandbox.count('GET', '/api/links/{id}/')).toBe(2);
      // The backoff without Retry-After would be a few milliseconds here.
      expect(waits).toEqual([1_000]);
    } finally {
      await waiting.close();
    }
  });

  it('gives up at once when Retry-After would pass the deadline', async () => {
    const link = await createLink();
    sandbox.resetCounters();
    sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 60, match: 'GET /api/links/' });
    const error = await failure(client.getLink(link.id));
    expect(error).toMatchObject({ status: 429, belvoCode: 'too_many_requests', retryAfterMs: 60_000 });
    expect(sandbox.count('GET', '/api/links/{id}/')).toBe(1);
  });

  it('stops after the retry budget and reports the last failure', async () => {
    sandbox.faults.inject({ kind: 'bad_gateway_html', times: 10, match: 'GET /api/links/' });
    const error = await failure(client.allLinks());
    expect(error).toMatchObject({ code: 'BELVO_API_ERROR', status: 502 });
    expect(sandbox.count('GET', '/api/links/')).toBe(4);
  });

  it('sends a failed POST /api/links/ exactly once', async () => {
    sandbox.faults.inject({ kind: 'server_error', times: 5, match: 'POST /api/links/' });
    const error = await failure(createLink());
    expect(error).toMatchObject({ status: 500, belvoCode: 'unexpected_error' });
    expect(sandbox.count('POST', '/api/links/')).toBe(1);
  });

  it('times out at the call deadline', async () => {
    const quick = clientFor(url, { timeoutMs: 300 });
    try {
      sandbox.faults.inject({ kind: 'slow_headers', delayMs: 2_000, times: 10 });
      expect((await failure(quick.allLinks())).code).toBe('BELVO_TIMEOUT');
      sandbox.faults.clear();
      sandbox.faults.inject({ kind: 'slow_body', delayMs: 2_000 });
      expect((await failure(quick.allLinks())).code).toBe('BELVO_TIMEOUT');
    } finally {
      await quick.close();
    }
  });

  it('refuses a response larger than the maximum', async () => {
    sandbox.faults.inject({ kind: 'huge_body', bytes: 2 * 1024 * 1024 });
    expect((await failure(client.allLinks())).code).toBe('BELVO_RESPONSE_TOO_LARGE');
  });

  it('reports truncated JSON and HTML bodies as invalid responses', async () => {
    sandbox.faults.inject({ kind: 'malformed_json' });
    expect((await failure(client.allLinks())).code).toBe('BELVO_INVALID_RESPONSE');
    sandbox.faults.inject({ kind: 'html' });
    expect((await failure(client.allLinks())).code).toBe('BELVO_INVALID_RESPONSE');
  });

  it('reports an unreachable Belvo as a network error after retrying', async () => {
    const { sandbox: other, url: closedUrl } = await startSandbox();
    await other.stop();
    const unreachable = clientFor(closedUrl, { maxRetries: 1 });
    try {
      expect((await failure(unreachable.allLinks())).code).toBe('BELVO_NETWORK_ERROR');
    } finally {
      await unreachable.close();
    }
  });
});
