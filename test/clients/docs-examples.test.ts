import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';
import {
  docExamples,
  pointedAt,
  runInBash,
  runInBrowser,
  runInNode,
  startExampleSite,
  type ExampleSite,
  type Running,
} from './doc-examples.js';
import { startProxy } from '../support/proxy.js';
import { launchChromium } from '../support/browser.js';

const examples = docExamples();
/** A webhook id (Belvo's: 32 hex digits) printed by an example, in the order printed. */
const WEBHOOK_ID = /\b[0-9a-f]{32}\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/;

/**
 * Every client example in the README and docs/, run as written against a gateway behind a TCP
 * proxy: it creates a link (or follows the one given), prints the link's two historical updates,
 * loses its connection while a webhook arrives, has at least one attempt to reconnect refused, and
 * must print the missed event once the network is back, then a live one, each exactly once.
 */
describe('client examples in the README and docs/, run as written, resume after a dropped connection', () => {
  let gateway: Gateway;
  let browser: Browser | undefined;
  let site: ExampleSite;

  beforeAll(async () => {
    site = await startExampleSite();
    gateway = await startGateway({ ALLOWED_ORIGINS: site.origin });
    if (examples.some((example) => example.runtime === 'browser')) {
      browser = await launchChromium();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await site?.stop();
  });

  it('cover graphql-ws, graphql-sse, Apollo Client, urql and SSE without a library, in Node and the browser', () => {
    const byRuntime = (runtime: string) =>
      examples
        .filter((example) => example.runtime === runtime)
        .map((example) => example.code)
        .join('\n');
    for (const library of [
      "from 'graphql-ws'",
      "from 'graphql-sse'",
      "from '@apollo/client'",
      "from '@urql/core'",
    ]) {
      expect(byRuntime('node')).toContain(library);
      expect(byRuntime('browser')).toContain(library);
    }
    expect(byRuntime('bash')).toMatch(/curl .*last-event-id/s);
    expect(byRuntime('browser')).toContain('new EventSource(');
  });

  const webhook = async (linkId: string, code: string) => {
    const body = envelope({ link_id: linkId, webhook_code: code });
    const answer = await postWebhook(gateway.url, body, {
      authorization: gateway.app.config.webhookAuthorizations[0]!,
    });
    expect(answer.body.status).toBe('accepted');
    return body.webhook_id;
  };

  const printedIds = (running: Running) => running.lines.flatMap((line) => line.match(WEBHOOK_ID) ?? []);

  it.each(examples.map((example, index) => ({ ...example, index })))(
    '$where, in $runtime',
    async ({ runtime, code, index }) => {
      const proxy = await startProxy(gateway.url, { whileCut: 'reset' });
      const host = new URL(proxy.url).host;
      let running: Running | undefined;
      try {
        let linkId: string | undefined;
        if (runtime === 'bash') {
          // The prose asks for LINK, a link's id from createLink.
          const created = await fetch(`${gateway.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: 'mutation { createLink(input: { cedula: "1020304050" }) { link { id } } }',
            }),
          });
          linkId = ((await created.json()) as { data: { createLink: { link: { id: string } } } }).data
            .createLink.link.id;
          running = runInBash(pointedAt(code, host), { LINK: linkId });
        } else if (runtime === 'node') {
          running = runInNode(pointedAt(code, host), `example-${index}`);
        } else {
          running = await runInBrowser(browser!, pointedAt(code, host), site);
        }
        const output = running;
        const fail = () => `the example printed:\n${output.lines.join('\n')}`;
        linkId ??= await eventually(
          () => output.lines.find((line) => line.startsWith('link '))?.match(UUID)?.[0],
          15_000,
        ).catch(() => expect.fail(fail()));
        const historical = await eventually(
          () => printedIds(output).length >= 2 && printedIds(output),
          15_000,
        ).catch(() => expect.fail(fail()));

        const connectionsBeforeCut = proxy.accepted();
        proxy.cut();
        const missed = await webhook(linkId, 'invalid_credentials');
        // Down long enough for the client to meet a refused reconnection, as when a network or the
        // gateway is away for a while (a client that gives up then never sees the missed event).
        await eventually(() => proxy.refused() >= 1, 20_000).catch(() => expect.fail(fail()));
        proxy.restore();
        await eventually(() => printedIds(output).includes(missed), 20_000).catch(() => expect.fail(fail()));
        const live = await webhook(linkId, 'token_required');
        await eventually(() => printedIds(output).includes(live), 10_000).catch(() => expect.fail(fail()));

        expect(printedIds(output), fail()).toEqual([...historical, missed, live]);
        // It came back by itself: a connection after the cut.
        expect(proxy.accepted()).toBeGreaterThan(connectionsBeforeCut);
      } finally {
        await running?.stop();
        await proxy.stop();
      }
    },
    60_000,
  );
});
