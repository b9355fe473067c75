import { buildSchema, parse, validate } from 'graphql';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TABS } from '../../src/explorer/examples.js';
import { CreateLinkDocument } from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const CHROMIUM = '/usr/bin/chromium';

/** The little of the browser's DOM these tests touch (the project compiles without the DOM lib). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}
type CodeMirrorElement = { CodeMirror: { getValue(): string } };
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

describe('the example operations of the explorer', () => {
  it('are valid against the schema', () => {
    const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
    for (const tab of EXAMPLE_TABS) expect(validate(schema, parse(tab.query))).toEqual([]);
  });
});

describe('the explorer in a real browser', () => {
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing: apt-get install -y chromium`);
    gateway = await startGateway();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
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
    const linkId = created.data!.createLink.id;
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
    await eventually(async () => (await result()).includes('HistoricalUpdate'), 10_000);
    const live = envelope({ link_id: linkId });
    await postWebhook(gateway.url, live, { authorization: gateway.app.config.webhookAuthorizations[0]! });
    await eventually(async () => (await result()).includes(live.webhook_id), 10_000);
    expect(JSON.parse(await result())).toEqual({
      data: { linkEvents: { __typename: 'LinkError', id: live.webhook_id } },
    });

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('explorer.png', ARTIFACTS).pathname });
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
  it('sends the API key from the Headers tab over HTTP and in the subscription connection_init', async () => {
    const key = randomKey();
    const gateway = await startGateway({ CLIENT_API_KEYS: apiKeyEntry('alice', key) });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const created = await gateway.graphql(
        CreateLinkDocument,
        { input: { cedula: '1090000002' } },
        { 'x-api-key': key },
      );
      const linkId = created.data!.createLink.id;
      await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
      const page = await browser.newPage();
      await page.goto(`${gateway.url}/graphql`);
      await page.waitForSelector('.graphiql-query-editor .CodeMirror');
      await page.getByText('Headers', { exact: true }).click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
      await page.keyboard.insertText(JSON.stringify({ 'x-api-key': key }));
      await page.click('.graphiql-query-editor .CodeMirror');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        `subscription Follow { linkEvents(linkId: "${linkId}") { __typename id } }`,
      );
      await page.waitForFunction(() =>
        (globalThis as unknown as BrowserGlobals).document
          .querySelector('.graphiql-tab-active')
          ?.textContent?.includes('Follow'),
      );
      await page.click('.graphiql-execute-button');
      const result = () =>
        page.evaluate(() => {
          const viewer = (globalThis as unknown as BrowserGlobals).document.querySelector(
            '.result-window .CodeMirror',
          );
          return (viewer as CodeMirrorElement | null)?.CodeMirror.getValue() ?? '';
        });
      await eventually(async () => (await result()).includes('HistoricalUpdate'), 10_000);
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
