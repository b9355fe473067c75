import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DriftEmploymentsDocument,
  EmploymentsOfLinkDocument,
  LinkWithDataDocument,
  OwnersOfLinkDocument,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';

/*
 * Answers the simulator never gives, from a fake Belvo of this file's own: the gateway runs in real
 * mode against it, so every answer takes the production path (client, scheduler, loaders, schema).
 */

const REQUEST_ID = 'f'.repeat(32);
const link = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  institution: 'pila_co_employment',
  access_mode: 'single',
  status: 'valid',
  created_at: '2026-11-02T14:05:11.190011Z',
  ...overrides,
});
const row = (month: string, statusChanges: unknown[] = []) => ({
  month,
  gross_amount: 3_850_000,
  employment_type: 'SALARIED',
  salary_type: 'FIXED',
  status_changes: statusChanges,
});
const employment = (linkId: string, rows: unknown[] = [row('2026-10')]) => ({
  id: randomUUID(),
  link: linkId,
  created_at: '2026-11-02T14:05:27.512230Z',
  employer_data: { name: 'Distribuidora Andina', id_type: 'NIT', id_number: 9_004_561_238 },
  salary_and_benefit_details: rows,
});
const owner = (linkId: string) => ({ id: randomUUID(), link: linkId, display_name: 'Owner' });

interface FakeLink {
  body: Record<string, unknown>;
  employments: unknown[];
  owners: unknown[];
  /** Page 1 of its employments points at a page 2, which answers 404. */
  secondPageGone?: boolean;
}

/** Belvo's list endpoints over `links`, with `id__in` / `link__in` filters and absolute `next` URLs. */
async function startFakeBelvo(links: Map<string, FakeLink>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const page = (results: unknown[], next: string | null = null) =>
      send(200, { count: results.length, next, previous: null, results });
    const ids = (url.searchParams.get('id__in') ?? url.searchParams.get('link__in') ?? '').split(',');
    const wanted = ids.flatMap((id) => links.get(id) ?? []);
    switch (url.pathname) {
      case '/api/':
        return send(200, {});
      case '/api/links/':
        return page(wanted.map((fake) => fake.body));
      case '/api/owners/':
        return page(wanted.flatMap((fake) => fake.owners));
      case '/api/co/employments/': {
        const paged = wanted.some((fake) => fake.secondPageGone);
        if (url.searchParams.get('page') === '2') {
          return send(404, [{ code: 'not_found', message: 'Not found.', request_id: REQUEST_ID }]);
        }
        const next = new URL(url.href.replace('http://fake', `http://${request.headers.host}`));
        next.searchParams.set('page', '2');
        return page(
          wanted.flatMap((fake) => fake.employments),
          paged ? next.href : null,
        );
      }
      default:
        return send(404, [{ code: 'not_found', message: 'Not found.', request_id: REQUEST_ID }]);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("Belvo's answers at the edges of the contract", () => {
  const PAGED = randomUUID();
  const BAD_LINK = randomUUID();
  const NULL_ROWS = randomUUID();
  const links = new Map<string, FakeLink>([
    [PAGED, { body: link(PAGED), employments: [employment(PAGED)], owners: [], secondPageGone: true }],
    [
      BAD_LINK,
      {
        // A timestamp GraphQL cannot carry: the link's own body fails its schema.
        body: link(BAD_LINK, { created_at: 'yesterday' }),
        employments: [employment(BAD_LINK), employment(BAD_LINK)],
        owners: [owner(BAD_LINK)],
      },
    ],
    [
      NULL_ROWS,
      {
        body: link(NULL_ROWS),
        employments: [
          employment(NULL_ROWS, [row('2026-10', ['FIRST_MONTH', null]), null, row('2026-08', [null])]),
        ],
        owners: [],
      },
    ],
  ]);
  const apiKey = randomKey();
  const asAdmin = { 'x-api-key': apiKey };
  let belvo: { url: string; server: Server };
  let gateway: Gateway;

  beforeAll(async () => {
    belvo = await startFakeBelvo(links);
    gateway = await startGateway({
      BELVO_BASE_URL: belvo.url,
      BELVO_SECRET_ID: 'fake-id',
      BELVO_SECRET_PASSWORD: 'fake-password',
      BELVO_MAX_RETRIES: '0',
      CLIENT_API_KEYS: apiKeyEntry('ops', apiKey, true),
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => belvo.server.close(resolve));
  });

  it('reports a 404 on a next page as a retryable upstream error, not as NOT_FOUND of a link that exists', async () => {
    const result = await gateway.graphql(LinkWithDataDocument, { id: PAGED }, asAdmin);
    const errors = result.errors ?? [];
    expect(errors.map((error) => error.path?.join('.'))).toEqual(['link.employments']);
    expect(errors[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', retryable: true });

    const root = await gateway.graphql(EmploymentsOfLinkDocument, { linkId: PAGED }, asAdmin);
    expect(root.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', retryable: true });
  });

  it("answers employments(linkId) and owners(linkId) when only the link's own body is malformed", async () => {
    const employments = await gateway.graphql(EmploymentsOfLinkDocument, { linkId: BAD_LINK }, asAdmin);
    expect(employments.errors).toBeUndefined();
    expect(employments.data?.employments).toHaveLength(2);
    const owners = await gateway.graphql(OwnersOfLinkDocument, { linkId: BAD_LINK }, asAdmin);
    expect(owners.errors).toBeUndefined();
    expect(owners.data?.owners).toHaveLength(1);
    // The link itself still fails, on its own path.
    const linkRead = await gateway.graphql(LinkWithDataDocument, { id: BAD_LINK }, asAdmin);
    expect(linkRead.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('still answers NOT_FOUND for a link Belvo does not have', async () => {
    const result = await gateway.graphql(EmploymentsOfLinkDocument, { linkId: randomUUID() }, asAdmin);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('leaves out a null salary row or status change, keeping the rest of the employment', async () => {
    const result = await gateway.graphql(DriftEmploymentsDocument, { linkId: NULL_ROWS }, asAdmin);
    expect(result.errors).toBeUndefined();
    const rows = result.data?.employments[0]?.salaryAndBenefitDetails;
    expect(rows?.map((detail) => [detail.statusChanges, detail.statusChangesRaw])).toEqual([
      [['FIRST_MONTH'], ['FIRST_MONTH']],
      [[], []],
    ]);
  });
});
