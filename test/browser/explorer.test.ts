import { buildSchema, parse, validate } from 'graphql';
import { mkdirSync, readFileSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_LINK_QUERIES, readLinkQuery, type LinkReads } from '../../src/explorer/event-panel.js';
import { EXAMPLE_TABS } from '../../src/explorer/examples.js';
import { CreateLinkDocument } from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';
import { launchChromium } from '../support/browser.js';

/** The little of the browser's DOM these tests touch (the project compiles without the DOM lib). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}
type CodeMirrorElement = { CodeMirror: { getValue(): string } };
/** What the query editor holds: the query a "Read this link" action put there. */
const queryEditorText = (page: Page) =>
  page.evaluate(() => {
    const editor = (globalThis as unknown as BrowserGlobals).document.querySelector(
      '.graphiql-query-editor .CodeMirror',
    );
    return (editor as CodeMirrorElement | null)?.CodeMirror.getValue() ?? '';
  });
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** What the explorer shows for a subscription: every event so far, oldest first. */
interface Listing {
  received: string;
  events: Array<{
    receivedAt: string;
    cursor?: string;
    data?: { linkEvents: { __typename: string; id: string } };
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  }>;
}

describe('the example operations of the explorer', () => {
  const schema = () =>
    buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
  it('are valid against the schema', () => {
    for (const tab of EXAMPLE_TABS) expect(validate(schema(), parse(tab.query))).toEqual([]);
  });
  it('include the queries the event panel opens, valid against the schema', () => {
    const linkId = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';
    for (const reads of Object.keys(READ_LINK_QUERIES) as LinkReads[]) {
      const query = readLinkQuery(reads, linkId);
      expect(query).toContain(`link(id: "${linkId}")`);
      expect(validate(schema(), parse(query))).toEqual([]);
    }
  });
});

/** The gateway's own answer to a query, to compare with what the explorer shows for it. */
async function answer(gateway: Gateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as unknown;
}

/** Open SSE streams, from the gateway's metrics: a stopped subscription must not leave one behind. */
async function openStreams(gateway: Gateway): Promise<number> {
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  return Number(/^gateway_sse_streams (\d+)$/m.exec(metrics)?.[1]);
}

describe('the explorer in a real browser', () => {
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    gateway = await startGateway();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Offline proof: anything not from the gateway itself is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(gateway.url)) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  /** Types an operation like a user; GraphiQL names the tab after it once it has parsed it. */
  async function setQuery(operationName: string, query: string) {
    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    await page.waitForFunction(
      (name) =>
        (globalThis as unknown as BrowserGlobals).document
          .querySelector('.graphiql-tab-active')
          ?.textContent?.includes(name),
      operationName,
    );
  }
  const result = () =>
    page.evaluate(() => {
      const viewer = (globalThis as unknown as BrowserGlobals).document.querySelector(
        '.result-window .CodeMirror',
      );
      return (viewer as CodeMirrorElement | null)?.CodeMirror.getValue() ?? '';
    });
  const run = () => page.click('.graphiql-execute-button');

  it('serves GraphiQL from the gateway, runs a query and a subscription that receives a webhook event', async () => {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1090000001' } });
    const linkId = created.data!.createLink.link!.id;
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);

    await page.goto(`${gateway.url}/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(await page.locator('.graphiql-tab').count()).toBe(EXAMPLE_TABS.length);

    await setQuery(
      'ReadLink',
      `query ReadLink { link(id: "${linkId}") { id status owners { displayName } } }`,
    );
    await run();
    await eventually(async () => (await result()).includes(linkId), 10_000);
    expect(JSON.parse(await result())).toMatchObject({ data: { link: { id: linkId, status: 'VALID' } } });

    await setQuery(
      'FollowLink',
      `subscription FollowLink { linkEvents(linkId: "${linkId}") { __typename id } }`,
    );
    await run();
    // Both replayed events stay listed, in order, each with the time it arrived and its cursor.
    await eventually(async () => (await result()).includes('OwnersHistoricalUpdate'), 10_000);
    const replayed = JSON.parse(await result()) as Listing;
    expect(replayed.received).toBe('2 events, oldest first');
    expect(replayed.events.map((event) => event.data?.linkEvents.__typename).sort()).toEqual([
      'EmploymentsHistoricalUpdate',
      'OwnersHistoricalUpdate',
    ]);
    expect(BigInt(replayed.events[1]!.cursor!)).toBeGreaterThan(BigInt(replayed.events[0]!.cursor!));
    for (const event of replayed.events) {
      expect(Date.parse(event.receivedAt)).not.toBeNaN();
      expect(event.cursor).toMatch(/^\d+$/);
    }
    const live = envelope({ link_id: linkId });
    await postWebhook(gateway.url, live, { authorization: gateway.app.config.webhookAuthorizations[0]! });
    await eventually(async () => (await result()).includes(live.webhook_id), 10_000);
    const listing = JSON.parse(await result()) as Listing;
    expect(listing.events).toHaveLength(3);
    expect(listing.events[2]!.data).toEqual({ linkEvents: { __typename: 'LinkError', id: live.webhook_id } });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('explorer.png', ARTIFACTS).pathname });

    // The Subscription events panel opened with the subscription and lists the same events, each
    // with an action that opens a new tab with a query for what it announced, about its link: here
    // taken from the subscription's linkId argument, since the operation selects no linkId.
    const panel = page.getByRole('region', { name: 'Subscription events' });
    await panel.getByRole('status').filter({ hasText: 'FollowLink: 3 events, oldest first' }).waitFor();
    const events = panel.getByRole('listitem');
    expect(await events.allTextContents()).toEqual([
      expect.stringContaining(listing.events[0]!.data!.linkEvents.__typename),
      expect.stringContaining(listing.events[1]!.data!.linkEvents.__typename),
      expect.stringContaining('LinkError'),
    ]);
    await events
      .filter({ hasText: 'EmploymentsHistoricalUpdate' })
      .getByRole('button', { name: /^Read this link \(employments\)/ })
      .click();
    await page.locator('.graphiql-tab-active', { hasText: 'ReadEmployments' }).waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBe(EXAMPLE_TABS.length + 1);
    const query = await queryEditorText(page);
    expect(query).toContain(`link(id: "${linkId}")`);
    // Like switching tabs, it stopped the subscription, whose stream closed then, not at a next event.
    await panel.getByRole('status').filter({ hasText: 'Stopped.' }).waitFor();
    await eventually(async () => (await openStreams(gateway)) === 0, 10_000);

    await run();
    await eventually(async () => (await result()).includes('employerData'), 10_000);
    const read = JSON.parse(await result()) as { data: { link: { id: string; employments: unknown[] } } };
    expect(read.data.link.id).toBe(linkId);
    expect(read.data.link.employments.length).toBeGreaterThan(0);
    expect(read).toEqual(await answer(gateway, query));
    await page.screenshot({ path: new URL('explorer-read-link.png', ARTIFACTS).pathname });
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('sends the page with a strict Content-Security-Policy, and GraphQL to non-browsers', async () => {
    const html = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/html, application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the explorer with client authentication', () => {
  it('takes a key typed once, in one tab, for every tab, subscriptions and the Docs pane; says what to do before', async () => {
    const key = randomKey();
    const gateway = await startGateway({ CLIENT_API_KEYS: apiKeyEntry('alice', key) });
    const browser = await launchChromium();
    try {
      const created = await gateway.graphql(
        CreateLinkDocument,
        { input: { cedula: '1090000002' } },
        { 'x-api-key': key },
      );
      const linkId = created.data!.createLink.link!.id;
      await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${gateway.url}/graphql`);
      await page.waitForSelector('.graphiql-query-editor .CodeMirror');
      const result = () =>
        page.evaluate(() => {
          const viewer = (globalThis as unknown as BrowserGlobals).document.querySelector(
            '.result-window .CodeMirror',
          );
          return (viewer as CodeMirrorElement | null)?.CodeMirror.getValue() ?? '';
        });
      const typeOperation = async (name: string, query: string) => {
        await page.click('.graphiql-query-editor .CodeMirror');
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.insertText(query);
        await page.waitForFunction(
          (operation) =>
            (globalThis as unknown as BrowserGlobals).document
              .querySelector('.graphiql-tab-active')
              ?.textContent?.includes(operation),
          name,
        );
      };

      // Without a key: the notice says what to do, and the Docs pane does not claim a broken schema.
      await page.locator('#explorer-notice').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: /Documentation Explorer/ }).click();
      expect(await page.locator('.graphiql-doc-explorer').textContent()).not.toContain(
        'Error fetching schema',
      );
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('explorer-key-needed.png', ARTIFACTS).pathname });

      // The key, typed once in the first tab's Headers, with a query run there.
      await page.locator('.graphiql-editor-tools').getByText('Headers', { exact: true }).click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
      await page.keyboard.insertText(JSON.stringify({ 'x-api-key': key }));
      await typeOperation('ReadLink', `query ReadLink { link(id: "${linkId}") { id status } }`);
      await page.click('.graphiql-execute-button');
      await eventually(async () => (await result()).includes('VALID'), 10_000);
      await page.locator('#explorer-notice').waitFor({ state: 'hidden' });
      // The Docs pane's introspection went through with it.
      await page.locator('.graphiql-doc-explorer', { hasText: 'Query' }).waitFor();
      expect(await page.locator('.graphiql-doc-explorer').textContent()).toContain('Subscription');

      // A new tab, whose Headers are empty: its subscription gets the key too.
      await page.click('.graphiql-tab-add');
      await typeOperation(
        'Follow',
        `subscription Follow { linkEvents(linkId: "${linkId}") { __typename id } }`,
      );
      await page.click('.graphiql-execute-button');
      await eventually(async () => (await result()).includes('OwnersHistoricalUpdate'), 10_000);
      const listing = JSON.parse(await result()) as Listing;
      expect(listing.events.map((event) => event.data?.linkEvents.__typename).sort()).toEqual([
        'EmploymentsHistoricalUpdate',
        'OwnersHistoricalUpdate',
      ]);
      await page.screenshot({ path: new URL('explorer-subscription-events.png', ARTIFACTS).pathname });

      // The Docs pane is open, so the events panel waits to be asked for. Its action works from the
      // keyboard and opens a query that runs with the key from the first tab, in a tab that never
      // showed it: the new tab's Headers are the subscription tab's (empty) ones.
      await page.getByRole('button', { name: 'Show Subscription events' }).click();
      const panel = page.getByRole('region', { name: 'Subscription events' });
      await panel
        .getByRole('listitem')
        .filter({ hasText: 'OwnersHistoricalUpdate' })
        .getByRole('button', { name: /^Read this link \(owners\)/ })
        .focus();
      await page.keyboard.press('Enter');
      await page.locator('.graphiql-tab-active', { hasText: 'ReadOwners' }).waitFor();
      const query = await queryEditorText(page);
      expect(query).toContain(`link(id: "${linkId}")`);
      // The action leaves the focus in the query editor, where Ctrl-Enter runs it.
      await page.keyboard.press('Control+Enter');
      await eventually(async () => (await result()).includes('displayName'), 10_000);
      const read = JSON.parse(await result()) as { data: { link: { owners: unknown[] } } };
      expect(read.data.link.owners.length).toBeGreaterThan(0);
      expect(read).toEqual(await answer(gateway, query, { 'x-api-key': key }));

      // A refused subscription shows its error at once instead of spinning.
      await page.click('.graphiql-tab-add');
      await typeOperation(
        'Unknown',
        'subscription Unknown { linkEvents(linkId: "00000000-0000-4000-8000-000000000000") { id } }',
      );
      await page.click('.graphiql-execute-button');
      await eventually(async () => (await result()).includes('NOT_FOUND'), 10_000);
      // The gateway's refusal arrives as the stream's one event: listed with its error, and with
      // nothing to read.
      const refused = panel.getByRole('listitem').filter({ hasText: 'Link not found' });
      await refused.waitFor();
      expect(await refused.getByRole('button').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
      await gateway.stop();
    }
  }, 60_000);
});

describe('the explorer switch', () => {
  it('is off with GRAPHQL_EXPLORER=false', async () => {
    const gateway = await startGateway({ GRAPHQL_EXPLORER: 'false' });
    try {
      const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type')).not.toContain('text/html');
    } finally {
      await gateway.stop();
    }
  });
});
