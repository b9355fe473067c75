import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLinkDocument,
  DeleteLinkDocument,
  EmploymentsOfLinkDocument,
  LinkWithDataDocument,
  LinksPageDocument,
  OwnersOfLinkDocument,
  RefreshLinkDocument,
  type CreateLinkInput,
} from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.stop());
afterEach(() => gateway.sandbox.faults.clear());

const UNKNOWN_LINK = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';

async function createLink(cedula: string, extra: Record<string, unknown> = {}) {
  const result = await gateway.graphql(CreateLinkDocument, { input: { cedula, ...extra } });
  expect(result.errors).toBeUndefined();
  expect(result.data!.createLink.userErrors).toEqual([]);
  const link = result.data!.createLink.link!;
  await eventually(() => gateway.sandbox.world.owners.some((owner) => owner.link === link.id));
  // Its two webhooks recorded: one that outran this record asks Belvo about the link in the
  // background, which a later test counting Belvo's calls would see.
  await eventually(async () => (await gateway.app.events.log.list(link.id)).length >= 2);
  return link;
}

describe('createLink → link → employments and owners', () => {
  it('returns every field, with the defaults applied and idNumber as a string', async () => {
    const created = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304050', externalId: 'onboarding_42' },
    });
    expect(created.status).toBe(200);
    expect(created.data!.createLink.userErrors).toEqual([]);
    const link = created.data!.createLink.link!;
    expect(link).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      institution: 'pila_co_employment',
      accessMode: 'SINGLE',
      status: 'VALID',
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      lastAccessedAt: expect.any(String),
      externalId: 'onboarding_42',
      institutionUserId: expect.stringMatching(/^[A-Za-z0-9_=-]{44}$/),
      refreshRate: null,
      credentialsStorage: expect.any(String),
      staleIn: null, // a single link created without one, as in Belvo's guide
      fetchResources: ['EMPLOYMENTS', 'OWNERS'],
    });
    await eventually(() => gateway.sandbox.world.owners.some((owner) => owner.link === link.id));

    const read = await gateway.graphql(LinkWithDataDocument, { id: link.id });
    expect(read.errors).toBeUndefined();
    const { employments, owners } = read.data!.link;
    expect(employments.length).toBeGreaterThanOrEqual(1);
    for (const employment of employments.map((item) => item!)) {
      expect(employment.linkId).toBe(link.id);
      expect(employment.link.id).toBe(link.id);
      const employer = employment.employerData!;
      expect(Object.values(employer).every((value) => value !== null)).toBe(true);
      expect(typeof employer.idNumber).toBe('string');
      expect(BigInt(employer.idNumber!)).toBeGreaterThan(2n ** 32n);
      for (const row of employment.salaryAndBenefitDetails!) {
        expect(row.month).toMatch(/^\d{4}-\d{2}$/);
        expect(['SALARIED', 'CONTRACTUAL', 'PENSIONED']).toContain(row.employmentType);
        expect(['FIXED', 'VARIABLE']).toContain(row.salaryType);
        expect(Number(row.gross!.amount)).toBeGreaterThan(Number(row.net!.amount));
        expect(row.gross!.currency).toBe('COP');
        expect(Array.isArray(row.statusChanges)).toBe(true);
      }
    }
    expect(owners).toEqual([
      {
        id: expect.any(String),
        linkId: link.id,
        internalIdentification: 'CC-1020304050',
        collectedAt: expect.any(String),
        createdAt: expect.any(String),
        displayName: expect.any(String),
        email: expect.stringContaining('@'),
        phoneNumber: expect.stringMatching(/^\+57 /),
        address: expect.any(String),
        documentId: { documentType: 'CC', documentNumber: '1020304050' },
      },
    ]);
  });

  it('serves the top-level employments and owners queries, and narrows by createdAt days', async () => {
    const link = await createLink('52123456');
    const today = new Date().toISOString().slice(0, 10);
    const all = await gateway.graphql(EmploymentsOfLinkDocument, { linkId: link.id });
    expect(all.data!.employments.length).toBeGreaterThan(0);
    const todays = await gateway.graphql(EmploymentsOfLinkDocument, {
      linkId: link.id,
      createdAt: { from: today, to: today },
    });
    expect(todays.data!.employments).toEqual(all.data!.employments);
    const old = await gateway.graphql(EmploymentsOfLinkDocument, {
      linkId: link.id,
      createdAt: { from: '2001-01-01', to: '2001-12-31' },
    });
    expect(old.data!.employments).toEqual([]);
    const owners = await gateway.graphql(OwnersOfLinkDocument, { linkId: link.id });
    expect(owners.data!.owners).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown link, on every entry point', async () => {
    for (const result of [
      await gateway.graphql(LinkWithDataDocument, { id: UNKNOWN_LINK }),
      await gateway.graphql(EmploymentsOfLinkDocument, { linkId: UNKNOWN_LINK }),
      await gateway.graphql(OwnersOfLinkDocument, { linkId: UNKNOWN_LINK }),
    ]) {
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('deletes a link: it is gone from Belvo and from the cache', async () => {
    const link = await createLink('1098765432');
    expect((await gateway.graphql(LinkWithDataDocument, { id: link.id })).data?.link.id).toBe(link.id);
    const deleted = await gateway.graphql(DeleteLinkDocument, { id: link.id });
    expect(deleted.data).toEqual({ deleteLink: { deletedLinkId: link.id, userErrors: [] } });
    const after = await gateway.graphql(LinkWithDataDocument, { id: link.id });
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refreshes a link once, then reports the cooldown', async () => {
    const link = await createLink('1031456789');
    gateway.sandbox.world.links.get(link.id)!.lastRefreshAt = 0;
    const first = await gateway.graphql(RefreshLinkDocument, { id: link.id });
    expect(first.data?.refreshLink).toEqual({
      refresh: {
        linkId: link.id,
        requestId: expect.any(String),
        requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      userErrors: [],
    });
    const second = await gateway.graphql(RefreshLinkDocument, { id: link.id });
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'LINK_RECENTLY_REFRESHED',
      retryable: true,
    });
  });
});

describe('createLink input validation', () => {
  it.each([
    ['spaces', '1020 304050'],
    ['dots', '1.020.304.050'],
    ['letters', '10203O4050'],
    ['Unicode digits', '١٠٢٠٣٠٤٠٥٠'],
    ['full-width digits', '１０２０３０４０５０'],
    ['too short', '12345'],
    ['30 digits', '123456789012345678901234567890'],
    ['empty', ''],
  ])('refuses a cédula with %s before calling Belvo, without echoing it', async (_, cedula) => {
    gateway.sandbox.resetCounters();
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createLink).toEqual({
      link: null,
      userErrors: [
        { field: ['input', 'cedula'], code: 'INVALID', message: expect.stringContaining('6 to 10 digits') },
      ],
    });
    if (cedula !== '') expect(JSON.stringify(result)).not.toContain(cedula);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it.each([
    [{ externalId: 'ab' }, 'externalId', 'INVALID'],
    [{ externalId: 'has spaces' }, 'externalId', 'INVALID'],
    [{ externalId: 'user_1020304050' }, 'externalId', 'CONTAINS_PERSONAL_DATA'],
    [{ fetchResources: [] }, 'fetchResources', 'INVALID'],
    [{ credentialsStorage: 'forever' }, 'credentialsStorage', 'INVALID'],
    [{ credentialsStorage: 'store', storeCredentials: true }, 'credentialsStorage', 'CONFLICT'],
    [{ storeCredentialsForDays: 0 }, 'storeCredentialsForDays', 'INVALID'],
    [{ storeCredentialsForDays: 366 }, 'storeCredentialsForDays', 'INVALID'],
    [{ storeCredentialsForDays: 30, storeCredentials: false }, 'storeCredentialsForDays', 'CONFLICT'],
    [{ storeCredentials: false, accessMode: 'RECURRENT' }, 'storeCredentials', 'CONFLICT'],
    [{ credentialsStorage: 'nostore', accessMode: 'RECURRENT' }, 'credentialsStorage', 'CONFLICT'],
    [{ staleIn: '400d' }, 'staleIn', 'INVALID'],
    [{ staleInDays: 400 }, 'staleInDays', 'INVALID'],
    [{ staleInDays: 0 }, 'staleInDays', 'INVALID'],
    [{ staleInDays: 30, staleIn: '30d' }, 'staleInDays', 'CONFLICT'],
  ] as Array<[Partial<CreateLinkInput>, string, string]>)(
    'refuses %j as a user error on %s (%s)',
    async (extra, field, code) => {
      gateway.sandbox.resetCounters();
      const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1020304050', ...extra } });
      expect(result.errors).toBeUndefined();
      expect(result.data!.createLink).toEqual({
        link: null,
        userErrors: [{ field: ['input', field], code, message: expect.stringContaining(field) }],
      });
      expect(JSON.stringify(result)).not.toContain('1020304050');
      expect(gateway.sandbox.count()).toBe(0);
    },
  );

  it('answers every problem of the input at once, each on its field, as a form shows them', async () => {
    gateway.sandbox.resetCounters();
    const result = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '12 34', externalId: 'x', staleInDays: 400, fetchResources: [] },
    });
    expect(result.errors).toBeUndefined();
    const fields = result.data!.createLink.userErrors.map((error) => error.field.join('.'));
    expect(fields).toEqual(['input.cedula', 'input.externalId', 'input.fetchResources', 'input.staleInDays']);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it.each([
    [{ storeCredentials: true }, 'store', { credentialsStorage: 'store' }],
    [{ storeCredentials: false }, 'nostore', { credentialsStorage: 'nostore' }],
    [{ storeCredentialsForDays: 90 }, '90d', { credentialsStorage: '90d' }],
  ])('sends %j to Belvo as credentials_storage %s, the same input as %j', async (typed, belvo, legacy) => {
    const key = `storage-${belvo}`;
    const first = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304052', idempotencyKey: key, ...typed },
    });
    expect(first.data!.createLink.userErrors).toEqual([]);
    const link = first.data!.createLink.link!;
    expect(gateway.sandbox.world.links.get(link.id)!.link.credentials_storage).toBe(belvo);
    const again = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304052', idempotencyKey: key, ...legacy },
    });
    expect(again.data!.createLink.link!.id).toBe(link.id);
    await eventually(async () => (await gateway.app.events.log.list(link.id)).length >= 2);
  });

  it('answers a key used again with another input as a user error, and creates nothing', async () => {
    const first = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304053', idempotencyKey: 'reused-key-1' },
    });
    const link = first.data!.createLink.link!;
    await eventually(async () => (await gateway.app.events.log.list(link.id)).length >= 2);
    gateway.sandbox.resetCounters();
    const other = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304054', idempotencyKey: 'reused-key-1' },
    });
    expect(other.errors).toBeUndefined();
    expect(other.data!.createLink).toEqual({
      link: null,
      userErrors: [
        { field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) },
      ],
    });
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('sends staleInDays to Belvo as its stale_in, and one key retried with staleIn "30d" is the same input', async () => {
    const first = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304051', staleInDays: 30, idempotencyKey: 'stale-in-days-1' },
    });
    expect(first.data!.createLink.link!.staleIn).toBe('30d');
    const again = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: '1020304051', staleIn: '30d', idempotencyKey: 'stale-in-days-1' },
    });
    expect(again.data!.createLink.link!.id).toBe(first.data!.createLink.link!.id);
    await eventually(
      async () => (await gateway.app.events.log.list(first.data!.createLink.link!.id)).length >= 2,
    );
  });

  it('refuses a link id that is not a UUID without calling Belvo', async () => {
    gateway.sandbox.resetCounters();
    const result = await gateway.graphql(LinkWithDataDocument, { id: '../../api/owners' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(gateway.sandbox.count()).toBe(0);
  });
});

describe('upstream errors become stable codes', () => {
  it('answers a cédula the institution refuses (Belvo login_error) as a user error on the cédula', async () => {
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: '9991234567' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createLink).toEqual({
      link: null,
      userErrors: [
        { field: ['input', 'cedula'], code: 'CEDULA_REFUSED', message: expect.stringContaining('cédula') },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('9991234567');
  });

  it.each([
    ['8881234567', 'INSTITUTION_UNAVAILABLE', true],
    ['7771234567', 'RATE_LIMITED', true],
  ])('cédula %s gives %s with Belvo request id', async (cedula, code, retryable) => {
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code,
      retryable,
      belvoRequestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(JSON.stringify(result)).not.toContain(cedula);
  });

  it.each([
    [{ kind: 'server_error', times: 10 }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'auth_failure', times: 10 }, 'UPSTREAM_AUTH'],
    [{ kind: 'malformed_json' }, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'huge_body', bytes: 30 * 1024 * 1024 }, 'UPSTREAM_BAD_RESPONSE'],
  ] as const)('Belvo fault %j gives %s', async (fault, code) => {
    gateway.sandbox.faults.inject({ ...fault, match: 'GET /api/links/' });
    const result = await gateway.graphql(LinkWithDataDocument, { id: UNKNOWN_LINK });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('reports retryAfterSeconds from Belvo Retry-After', async () => {
    // A gateway of its own: the 429 pauses every caller of the instance for those 120 s.
    const paused = await startGateway();
    try {
      paused.sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 120, match: 'GET /api/links/' });
      const result = await paused.graphql(LinkWithDataDocument, { id: UNKNOWN_LINK });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
    } finally {
      await paused.stop();
    }
  });

  it('gives UPSTREAM_TIMEOUT when Belvo is slower than the deadline', async () => {
    // The deadline leaves the budget a quarter of it to grant the first token: at 300 ms, a machine
    // busy with the rest of the suite once took longer than that (RATE_LIMITED, not a timeout).
    const slow = await startGateway({ BELVO_TIMEOUT_MS: '1000' });
    try {
      slow.sandbox.faults.inject({ kind: 'slow_headers', delayMs: 3_000, times: 10 });
      const result = await slow.graphql(LinkWithDataDocument, { id: UNKNOWN_LINK });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
    } finally {
      await slow.stop();
    }
  });
});

describe('links connection', () => {
  it('walks every link with cursors, also when the page size changes midway', async () => {
    for (const cedula of ['2000001', '2000002', '2000003', '2000004', '2000005']) await createLink(cedula);
    const seen: string[] = [];
    let after: string | null | undefined;
    let total = 0;
    let sizes = [2, 3];
    for (;;) {
      const first = sizes[0] ?? 2;
      sizes = sizes.slice(1);
      const page = await gateway.graphql(LinksPageDocument, { first, after });
      expect(page.errors).toBeUndefined();
      const links = page.data!.links;
      total = links.totalCount;
      seen.push(...links.edges.map((edge) => edge.node.id));
      if (!links.pageInfo.hasNextPage) break;
      after = links.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('keeps the true totalCount for a cursor past the end', async () => {
    await createLink('2000006');
    const all = await gateway.graphql(LinksPageDocument, { first: 200 });
    const total = all.data!.links.totalCount;
    const lastCursor = all.data!.links.pageInfo.endCursor;
    // With a page size of 1, the page after the last link is past Belvo's last page (404).
    const past = await gateway.graphql(LinksPageDocument, { first: 1, after: lastCursor });
    expect(past.errors).toBeUndefined();
    expect(past.data!.links).toMatchObject({
      totalCount: total,
      edges: [],
      pageInfo: { hasNextPage: false },
    });
  });

  it('filters by externalId and refuses bad arguments', async () => {
    const link = await createLink('2000009', { externalId: 'filter_me' });
    const filtered = await gateway.graphql(LinksPageDocument, { filter: { externalId: 'filter_me' } });
    expect(filtered.data!.links.edges.map((edge) => edge.node.id)).toEqual([link.id]);
    for (const variables of [{ first: 0 }, { first: 201 }, { after: 'bm90LWEtY3Vyc29y' }]) {
      const result = await gateway.graphql(LinksPageDocument, variables);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
