import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, SANDBOX_KEYS, startSandbox } from '../../test/support/sandbox.js';
import type { BelvoEmployment, BelvoOwner, Page } from '../belvo/contract/types.js';
import { syntheticEmployments, syntheticOwner } from './data.js';
import { listPage } from './listing.js';
import type { BelvoSandbox } from './server.js';

let sandbox: BelvoSandbox;
let url: string;
const auth = `Basic ${Buffer.from(`${SANDBOX_KEYS.secretId}:${SANDBOX_KEYS.secretPassword}`).toString('base64')}`;

beforeAll(async () => {
  ({ sandbox, url } = await startSandbox());
});
afterAll(() => sandbox.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const create = (body: Record<string, unknown>) =>
  call('POST', '/api/links/', { institution: 'pila_co_employment', ...body });

describe('link creation validation', () => {
  it.each([
    [{ username: '' }, 'blank', 'username'],
    [{ username: null }, 'null', 'username'],
    [{}, 'required', 'username'],
    [{ username: '12345' }, 'invalid', 'username'],
    [{ username: '12345678901' }, 'invalid', 'username'],
    [{ username: '1234 5678' }, 'invalid', 'username'],
    [{ username: '１２３４５６７' }, 'invalid', 'username'],
    [{ username: '1234567', institution: 'bancolombia_co_retail' }, 'invalid', 'institution'],
    [{ username: '1234567', external_id: 'ab' }, 'invalid', 'external_id'],
    [{ username: '1234567', external_id: 'has space' }, 'invalid', 'external_id'],
    [
      { username: '1234567', credentials_storage: '400d' },
      'invalid_credentials_storage',
      'credentials_storage',
    ],
    [{ username: '1234567', stale_in: '0d' }, 'invalid', 'stale_in'],
    [{ username: '1234567', fetch_resources: ['ACCOUNTS'] }, 'invalid', 'resources'],
    [
      { username: '1234567', access_mode: 'recurrent', credentials_storage: 'nostore' },
      'invalid_credentials_storage',
      'credentials_storage',
    ],
    [{ username: '1234567', access_mode: 'sometimes' }, 'invalid', 'access_mode'],
  ])('refuses %j with %s on %s', async (body, code, field) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual([
      { request_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: expect.any(String), code, field },
    ]);
  });

  it('refuses wrong keys with authentication_failed', async () => {
    const response = await call('GET', '/api/', undefined, { authorization: 'Basic d3Jvbmc6a2V5cw==' });
    expect(response).toEqual({
      status: 401,
      body: [
        { code: 'authentication_failed', message: 'Invalid Secret Keys', request_id: expect.any(String) },
      ],
    });
  });

  it("defaults to recurrent with Belvo's defaults, and nulls an external_id holding the cédula", async () => {
    const response = await create({ username: '1098765432', external_id: 'user_1098765432' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      access_mode: 'recurrent',
      external_id: null,
      credentials_storage: 'store',
      refresh_rate: '7d',
      stale_in: '365d',
    });
  });
});

describe('contract shapes', () => {
  it('serves links, employments and owners with every field of docs/belvo-contract.md', async () => {
    const { body: link } = (await create({ username: '1020304050', access_mode: 'single' })) as {
      body: Record<string, unknown>;
    };
    expect(Object.keys(link).sort()).toEqual(
      [
        'id',
        'institution',
        'access_mode',
        'status',
        'created_by',
        'created_at',
        'last_accessed_at',
        'external_id',
        'institution_user_id',
        'refresh_rate',
        'credentials_storage',
        'stale_in',
        'fetch_resources',
      ].sort(),
    );
    expect(link.institution_user_id).toMatch(/^[A-Za-z0-9_=-]{44}$/);
    await eventually(() => sandbox.world.owners.some((owner) => owner.link === link.id));

    const employments = (await call('GET', `/api/co/employments/?link=${link.id}`))
      .body as Page<BelvoEmployment>;
    expect(employments).toMatchObject({ count: employments.results.length, next: null, previous: null });
    for (const employment of employments.results) {
      expect(Object.keys(employment).sort()).toEqual(
        ['id', 'link', 'created_at', 'collected_at', 'employer_data', 'salary_and_benefit_details'].sort(),
      );
      const employer = employment.employer_data!;
      expect(employer).toEqual({
        name: expect.any(String),
        id_type: expect.stringMatching(/^(NIT|CC|CE|PASSPORT)$/),
        id_number: expect.any(Number),
        economic_activity_code: expect.any(Number),
        economic_activity_code_description: expect.any(String),
        contributor_class_code: expect.any(String),
        contributor_class_code_description: expect.any(String),
        contributor_type_code: expect.any(Number),
        contributor_type_description: expect.any(String),
        tenure: expect.any(Number),
      });
      expect(employer.id_number!).toBeGreaterThan(2 ** 32);
      // The simulator writes no null rows (the schema tolerates them from Belvo).
      for (const row of employment.salary_and_benefit_details!.map((row) => row!)) {
        expect(Object.keys(row).sort()).toEqual(
          [
            'month',
            'gross_amount',
            'net_amount',
            'employment_type',
            'employment_type_additional_info',
            'parafiscal_contribution',
            'salary_comprehensive',
            'salary_type',
            'pension_fund_name',
            'healthcare_provider_name',
            'status_changes',
          ].sort(),
        );
        expect(row.month).toMatch(/^\d{4}-\d{2}$/);
        expect(['SALARIED', 'CONTRACTUAL', 'PENSIONED']).toContain(row.employment_type);
        expect(['FIXED', 'VARIABLE']).toContain(row.salary_type);
        expect(row.net_amount!).toBeLessThan(row.gross_amount!);
      }
    }
    const months = employments.results.reduce(
      (sum, item) => sum + item.salary_and_benefit_details!.length,
      0,
    );
    expect(months).toBe(24);

    const owners = (await call('GET', `/api/owners/?link=${link.id}`)).body as Page<BelvoOwner>;
    expect(owners.results).toHaveLength(1);
    expect(Object.keys(owners.results[0]!).sort()).toEqual(
      [
        'id',
        'link',
        'internal_identification',
        'collected_at',
        'created_at',
        'display_name',
        'email',
        'phone_number',
        'address',
        'document_id',
        'first_name',
        'last_name',
        'second_last_name',
        'business_name',
      ].sort(),
    );
    expect(owners.results[0]!.document_id).toEqual({ document_type: 'CC', document_number: '1020304050' });
  });

  it('generates the same person for the same cédula, and 1–4 employers', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    expect(syntheticEmployments('1020304050', now)).toEqual(syntheticEmployments('1020304050', now));
    expect(syntheticOwner('1020304050')).toEqual(syntheticOwner('1020304050'));
    for (let i = 0; i < 50; i++) {
      const count = syntheticEmployments(String(10_000_000 + i), now).length;
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(4);
    }
  });

  it('supports fields and omit on list endpoints', async () => {
    const fields = (await call('GET', '/api/links/?fields=id,status')).body as Page<object>;
    expect(Object.keys(fields.results[0]!).sort()).toEqual(['id', 'status']);
    const omit = (await call('GET', '/api/links/?omit=institution_user_id')).body as Page<object>;
    expect(omit.results[0]).not.toHaveProperty('institution_user_id');
  });

  it('clamps page_size at 1000 and answers not_found past the last page', () => {
    const items = Array.from({ length: 1500 }, (_, index) => ({ id: String(index) }));
    const page = listPage(items, new URL('http://belvo.test/api/links/?page_size=5000'), ['id']);
    expect(page.results).toHaveLength(1000);
    expect(page.next).toBe('http://belvo.test/api/links/?page_size=5000&page=2');
    expect(() => listPage(items, new URL('http://belvo.test/api/links/?page=99'), ['id'])).toThrow(
      'Invalid page.',
    );
  });
});
