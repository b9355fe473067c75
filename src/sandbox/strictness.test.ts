import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, SANDBOX_KEYS, startSandbox } from '../../test/support/sandbox.js';
import { startReceiver } from '../../test/support/receiver.js';
import type { BelvoLink, Page, WebhookEnvelope } from '../belvo/contract/types.js';
import { syntheticEmployments } from './data.js';
import type { BelvoSandbox } from './server.js';

/* The simulator refuses what Belvo refuses (CONTRACT.md), instead of quietly making it work. */

const auth = `Basic ${Buffer.from(`${SANDBOX_KEYS.secretId}:${SANDBOX_KEYS.secretPassword}`).toString('base64')}`;

function caller(url: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
}

const invalid = (code: string, field?: string) => [
  { request_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: expect.any(String), code, field },
];

describe('the simulator, as strict as Belvo', () => {
  let sandbox: BelvoSandbox;
  let call: ReturnType<typeof caller>;
  const createLink = async (body: Record<string, unknown>) =>
    (await call('POST', '/api/links/', { institution: 'pila_co_employment', ...body })).body as BelvoLink;

  beforeAll(async () => {
    const started = await startSandbox({ extractionDelayMs: 600_000 });
    sandbox = started.sandbox;
    call = caller(started.url);
  });
  afterAll(() => sandbox.stop());

  it('shows a single link with stale_in and refresh_rate null, as in Belvo’s guide', async () => {
    const link = await createLink({ username: '1800000001', access_mode: 'single' });
    expect(link).toMatchObject({ access_mode: 'single', stale_in: null, refresh_rate: null });
  });

  it('refuses to switch a single nostore link to recurrent', async () => {
    const link = await createLink({
      username: '1800000002',
      access_mode: 'single',
      credentials_storage: 'nostore',
    });
    const switched = await call('PATCH', `/api/links/${link.id}/`, { access_mode: 'recurrent' });
    expect(switched).toMatchObject({
      status: 400,
      body: invalid('invalid_access_mode_switch', 'access_mode'),
    });
    const stored = await createLink({ username: '1800000003', access_mode: 'single' });
    const ok = await call('PATCH', `/api/links/${stored.id}/`, { access_mode: 'recurrent' });
    expect(ok).toMatchObject({ status: 200, body: { access_mode: 'recurrent', refresh_rate: '7d' } });
  });

  it('updates credentials with PUT /api/links/{id}/', async () => {
    const link = await createLink({ username: '6660000004', access_mode: 'single' });
    sandbox.world.links.get(link.id)!.link.status = 'invalid';
    const updated = await call('PUT', `/api/links/${link.id}/`, { username: '6660000004' });
    expect(updated).toMatchObject({ status: 200, body: { id: link.id, status: 'valid' } });
    expect((await call('PUT', `/api/links/${link.id}/`, { username: '1800000009' })).body).toEqual(
      invalid('login_error'),
    );
  });

  it.each([
    [{ date_from: '2025-06-01', date_to: '2025-01-01' }, 'date_from'],
    [{ date_to: '2999-01-01' }, 'date_to'],
    [{ date_from: '01/02/2025' }, 'date_from'],
  ])('refuses to retrieve employments for %j', async (dates, field) => {
    const link = await createLink({ username: '1800000005', access_mode: 'single' });
    const answer = await call('POST', '/api/co/employments/', { link: link.id, ...dates });
    expect(answer).toMatchObject({ status: 400, body: invalid('invalid', field) });
  });

  it('stores nothing when retrieving with save_data: false', async () => {
    const link = await createLink({ username: '1800000006', access_mode: 'single' });
    const employments = await call('POST', '/api/co/employments/', { link: link.id, save_data: false });
    const owners = await call('POST', '/api/owners/', { link: link.id, save_data: false });
    expect(employments.status).toBe(200);
    expect((employments.body as unknown[]).length).toBeGreaterThan(0);
    expect(owners.status).toBe(200);
    expect(sandbox.world.employments.filter((item) => item.link === link.id)).toEqual([]);
    expect(sandbox.world.owners.filter((item) => item.link === link.id)).toEqual([]);
    const saved = await call('POST', '/api/co/employments/', { link: link.id });
    expect(saved.status).toBe(201);
    expect(sandbox.world.employments.some((item) => item.link === link.id)).toBe(true);
  });

  it.each([
    ['/api/co/employments/?link=not-a-uuid', 'link'],
    ['/api/owners/?link__in=00000000-0000-4000-8000-000000000000,nope', 'link__in'],
    ['/api/co/employments/?created_at__range=2025-01-01', 'created_at__range'],
    ['/api/co/employments/?created_at__range=2025-01-01,yesterday', 'created_at__range'],
    ['/api/links/?created_at__range=2025-01-01,2025-02-01,2025-03-01', 'created_at__range'],
  ])('answers 400 invalid, not an empty page, for %s', async (path, field) => {
    expect(await call('GET', path)).toMatchObject({ status: 400, body: invalid('invalid', field) });
  });

  it('deletes an owner, and filters owners by email', async () => {
    const link = await createLink({ username: '1800000007', access_mode: 'single' });
    await call('POST', '/api/owners/', { link: link.id });
    const owner = sandbox.world.owners.find((item) => item.link === link.id)!;
    const byEmail = (await call('GET', `/api/owners/?email=${encodeURIComponent(owner.email!)}`))
      .body as Page<{ id: string }>;
    expect(byEmail.results.map((item) => item.id)).toEqual([owner.id]);
    expect((await call('GET', '/api/owners/?email=nobody%40example.com')).body).toMatchObject({ count: 0 });
    expect((await call('DELETE', `/api/owners/${owner.id}/`)).status).toBe(204);
    expect((await call('GET', `/api/owners/${owner.id}/`)).status).toBe(404);
  });

  it('keeps a bounded request log', async () => {
    const small = await startSandbox({ requestLogMax: 5 });
    try {
      for (let i = 0; i < 12; i++) await caller(small.url)('GET', '/api/');
      expect(small.sandbox.requests).toHaveLength(5);
    } finally {
      await small.sandbox.stop();
    }
  });
});

describe('the simulator’s webhooks', () => {
  it('carry the request_id of the 202 that caused them (refresh, async delete)', async () => {
    const receiver = await startReceiver();
    const { sandbox, url } = await startSandbox({
      webhook: { url: receiver.url },
      refreshCooldownMs: 0,
    });
    const call = caller(url);
    try {
      const link = (
        await call('POST', '/api/links/', { institution: 'pila_co_employment', username: '1800000008' })
      ).body as BelvoLink;
      await eventually(() => receiver.received.length >= 2);
      const refresh = (await call('POST', `/api/links/${link.id}/refresh/`, {})).body as {
        request_id: string;
      };
      await eventually(() => receiver.received.length >= 4);
      const refreshed = receiver.received.slice(2).map((r) => (r.body as WebhookEnvelope).request_id);
      expect(refreshed).toEqual([refresh.request_id, refresh.request_id]);

      const deleted = await call('DELETE', `/api/links/${link.id}/`, undefined, {
        'x-belvo-request-mode': 'async',
      });
      expect(deleted.status).toBe(202);
      await eventually(() => receiver.received.length >= 5);
      expect(receiver.received[4]!.body).toMatchObject({
        webhook_code: 'link_deleted',
        request_id: (deleted.body as { request_id: string }).request_id,
      });
    } finally {
      await sandbox.stop();
      await receiver.close();
    }
  });
});

describe('the simulator’s rate limits (Belvo: 80 per 30 s, 5 synchronous deletes per minute)', () => {
  it('answers 429 with a Retry-After past the limit, and counts only what it served', async () => {
    const { sandbox, url } = await startSandbox({
      rateLimit: { requests: 10, windowMs: 60_000, deletes: 100, deleteWindowMs: 60_000 },
    });
    const call = caller(url);
    try {
      const answers = [];
      for (let i = 0; i < 12; i++) answers.push(await call('GET', '/api/links/'));
      expect(answers.map((answer) => answer.status)).toEqual([...Array(10).fill(200), 429, 429]);
      expect(Number(answers[10]!.retryAfter)).toBeGreaterThanOrEqual(59);
      expect(Number(answers[10]!.retryAfter)).toBeLessThanOrEqual(60);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a sixth synchronous delete within a minute, but not an async one', async () => {
    const { sandbox, url } = await startSandbox({
      extractionDelayMs: 600_000,
      rateLimit: { requests: 1000, windowMs: 30_000, deletes: 5, deleteWindowMs: 60_000 },
    });
    const call = caller(url);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const body = { institution: 'pila_co_employment', username: `18100000${i}0`, access_mode: 'single' };
        ids.push(((await call('POST', '/api/links/', body)).body as BelvoLink).id);
      }
      const statuses = [];
      for (const id of ids.slice(0, 6)) statuses.push((await call('DELETE', `/api/links/${id}/`)).status);
      expect(statuses).toEqual([204, 204, 204, 204, 204, 429]);
      const async = await call('DELETE', `/api/links/${ids[6]}/`, undefined, {
        'x-belvo-request-mode': 'async',
      });
      expect(async.status).toBe(202);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('synthetic people', () => {
  it('show every documented id type, employment type and status change', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    const all = Array.from({ length: 300 }, (_, i) =>
      syntheticEmployments(String(1_900_000_000 + i), now),
    ).flat();
    const idTypes = new Set(all.map((employment) => employment.employer_data.id_type));
    const rows = all.flatMap((employment) => employment.salary_and_benefit_details);
    expect([...idTypes].sort()).toEqual(['CC', 'CE', 'NIT', 'PASSPORT']);
    expect([...new Set(rows.map((row) => row.employment_type))].sort()).toEqual([
      'CONTRACTUAL',
      'PENSIONED',
      'SALARIED',
    ]);
    expect([...new Set(rows.flatMap((row) => row.status_changes ?? []))].sort()).toEqual([
      'FINAL_MONTH',
      'FIRST_MONTH',
      'ON_LEAVE',
      'ON_VACATION',
      'PERMANENT_SALARY_CHANGE',
      'RETIREMENT_MONTH',
      'TEMPORARY_SALARY_CHANGE',
    ]);
  });
});
