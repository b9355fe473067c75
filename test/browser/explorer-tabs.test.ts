import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TABS } from '../../src/explorer/examples.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { launchChromium } from '../support/browser.js';

/** The little of the browser's DOM this test reads (the project compiles without the DOM lib). */
interface Scroller {
  scrollWidth: number;
  clientWidth: number;
}
interface BrowserGlobals {
  document: { querySelector(selector: string): Scroller | null };
}
type CodeMirrorElement = { CodeMirror: { getValue(): string; setValue(value: string): void } };

/** createLink's answer in the result pane, with the new link's id. */
const CREATED = /"id": "([0-9a-f-]{36})"/;

/** What an editor of the active tab holds, or what it is set to. */
const editorText = (page: Page, selector: string, value?: string) =>
  page.evaluate(
    ([selector, value]) => {
      const editor = (
        globalThis as unknown as { document: { querySelector(s: string): unknown } }
      ).document.querySelector(`${selector} .CodeMirror`) as CodeMirrorElement | null;
      if (value !== undefined) editor?.CodeMirror.setValue(value);
      return editor?.CodeMirror.getValue() ?? '';
    },
    [selector, value] as const,
  );

/** Characters of the query editor's widest line beyond what it shows (0: every line fits). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const scroll = (globalThis as unknown as BrowserGlobals).document.querySelector(
      '.graphiql-query-editor .CodeMirror-scroll',
    );
    return scroll ? scroll.scrollWidth - scroll.clientWidth : Number.NaN;
  });

describe('the explorer’s ready-made tabs, on a laptop screen (1440 × 900)', () => {
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    gateway = await startGateway();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('shows every line of every tab without scrolling sideways, the Subscription events panel open', async () => {
    await page.goto(`${gateway.url}/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    await page.click('button[aria-label="Show Subscription events"]');
    await page.locator('.explorer-events-title').waitFor();
    const tabs = page.locator('.graphiql-tab');
    expect(await tabs.count()).toBe(EXAMPLE_TABS.length);
    const cut: Record<number, number> = {};
    for (let tab = 0; tab < EXAMPLE_TABS.length; tab++) {
      await tabs.nth(tab).locator('button').first().click();
      await page.waitForSelector('.graphiql-query-editor .CodeMirror');
      const hidden = await overflow(page);
      if (hidden !== 0) cut[tab + 1] = hidden;
    }
    expect(cut).toEqual({});
  }, 60_000);

  /**
   * Runs the active tab until its result pane matches `expected`. GraphiQL settles which operation a
   * tab runs a moment after the tab is shown; a run in between names the previous tab's operation
   * ("Unknown operation named …", nothing sent to the gateway's resolvers) and is run again.
   */
  async function runUntil(on: Page, expected: RegExp): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await editorText(on, '.result-window', '');
      await on.click('.graphiql-execute-button');
      const outcome = await (
        await on.waitForFunction(
          (pattern) => {
            const text =
              (
                (
                  globalThis as unknown as { document: { querySelector(s: string): unknown } }
                ).document.querySelector('.result-window .CodeMirror') as CodeMirrorElement | null
              )?.CodeMirror.getValue() ?? '';
            if (new RegExp(pattern).test(text)) return 'answered';
            return text.includes('Unknown operation named') ? 'unsettled' : false;
          },
          expected.source,
          { timeout: 30_000 },
        )
      ).jsonValue();
      if (outcome === 'answered') return editorText(on, '.result-window');
      if (attempt === 5) throw new Error(`the explorer never settled on the tab's operation`);
    }
  }

  it('walks a newcomer through createLink, then linkReady with the data, as tabs 1 and 2', async () => {
    // A first visit: nothing remembered from the test above, tab 1 shown.
    const visit = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await visit.goto(`${gateway.url}/graphql`);
      await visit.waitForSelector('.graphiql-query-editor .CodeMirror');
      expect(await editorText(visit, '.graphiql-query-editor')).toContain('mutation CreateLink');
      const linkId = CREATED.exec(await runUntil(visit, CREATED))![1]!;

      await visit.locator('.graphiql-tab').nth(1).locator('button').first().click();
      expect(await editorText(visit, '.graphiql-query-editor')).toContain('linkReady(linkId: $linkId)');
      await visit.click('.graphiql-editor-tools button:has-text("Variables")');
      await editorText(visit, '.graphiql-editor-tool .graphiql-editor', JSON.stringify({ linkId }));
      const pushed = await runUntil(visit, /"outcome": "READY"/);
      expect(pushed).toContain('"displayName"');
      expect(pushed).toContain('"employerData"');
    } finally {
      await visit.close();
    }
  }, 90_000);
});
