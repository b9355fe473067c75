import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLinkDocument,
  LinksPageDocument,
  type LinksPageQuery,
  type LinksPageQueryVariables,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';

const TENANT = randomKey();
const OTHER = randomKey();
const asTenant = { 'x-api-key': TENANT };

/** A principal's `links` come from the registry: every one of them, newest first, whatever their number. */
describe("a principal's own links", () => {
  let gateway: Gateway;
  const created: string[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('tenant', TENANT), apiKeyEntry('other', OTHER)].join(','),
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // no extraction: these links only need to exist
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    // 2,000 links as createLink leaves them: at Belvo, and recorded for their creator.
    for (let i = 0; i < 2_000; i++) {
      const link = gateway.sandbox.world.createLink({
        username: String(1_000_000_000 + i),
        access_mode: 'single',
        fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
        external_id: null,
        credentials_storage: 'store',
        stale_in: '365d',
      });
      await gateway.app.store.links.record(link, 'key:tenant');
      created.push(link.id);
    }
  }, 60_000);
  afterAll(() => gateway.stop());

  it('lists all 2,000 through the cursor, newest first, each once', async () => {
    const listed: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof gateway.graphql<LinksPageQuery, LinksPageQueryVariables>>> =
        await gateway.graphql(LinksPageDocument, { first: 200, after }, asTenant);
      expect(page.errors).toBeUndefined();
      expect(page.data!.links.totalCount).toBe(2_000);
      listed.push(...page.data!.links.edges.map((edge) => edge.node.id));
      if (!page.data!.links.pageInfo.hasNextPage) break;
      after = page.data!.links.pageInfo.endCursor;
    }
    expect(listed).toEqual([...created].reverse());
  }, 60_000);

  it('keeps a page stable when links are created meanwhile', async () => {
    const first = await gateway.graphql(LinksPageDocument, { first: 5 }, asTenant);
    const fresh = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1900000001' } }, asTenant);
    const next = await gateway.graphql(
      LinksPageDocument,
      { first: 5, after: first.data!.links.pageInfo.endCursor },
      asTenant,
    );
    expect(next.data!.links.edges.map((edge) => edge.node.id)).toEqual([...created].reverse().slice(5, 10));
    expect(next.data!.links.totalCount).toBe(2_001);
    expect(next.data!.links.edges.map((edge) => edge.node.id)).not.toContain(fresh.data!.createLink.link!.id);
  });

  it('shows another principal none of them', async () => {
    const page = await gateway.graphql(LinksPageDocument, { first: 5 }, { 'x-api-key': OTHER });
    expect(page.data!.links).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('refuses a cursor it did not issue', async () => {
    const page = await gateway.graphql(LinksPageDocument, { first: 5, after: 'b2Zmc2V0OjU' }, asTenant);
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
