import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument, LinkEventsDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const CAP = 5;
const randomHex = () => randomBytes(16).toString('hex');

/*
 * A flood of webhooks for one link (3,560 in 30 s were once all recorded, kept a month and replayed
 * to every new subscriber): identical notices are folded, and past the link's rate the rest are
 * refused for a while, so Belvo delivers them again later.
 */
describe('a flood of webhooks for one link', () => {
  let gateway: Gateway;
  let headers: Record<string, string>;
  beforeAll(async () => {
    gateway = await startGateway({
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // the test sends the webhooks itself
      EVENT_MAX_PER_LINK_PER_MINUTE: String(CAP),
    });
    const authorization = gateway.app.config.webhookAuthorizations[0];
    headers = authorization ? { authorization } : {};
  });
  afterAll(() => gateway.stop());

  it(`is folded when identical, and refused with 429 and Retry-After past ${CAP} events a minute; both counted`, async () => {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000501' } });
    const linkId = created.data!.createLink.link!.id;
    const notice = envelope({ link_id: linkId, webhook_code: 'token_required', request_id: randomHex() });
    const identical = [];
    for (let n = 0; n < 10; n++) {
      const answer = await postWebhook(gateway.url, { ...notice, webhook_id: randomHex() }, headers);
      identical.push(`${answer.status} ${answer.body.status}`);
    }
    expect(identical).toEqual(['200 accepted', ...Array(9).fill('200 folded')]);

    const distinct = [];
    for (let n = 0; n < CAP; n++) {
      const answer = await postWebhook(gateway.url, envelope({ link_id: linkId }), headers);
      distinct.push(answer.status);
      if (answer.status === 429) {
        expect(answer.body.error?.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(distinct).toEqual([...Array(CAP - 1).fill(200), 429]);

    // A new subscriber hears of what was recorded: the first notice once, then the others.
    const client = wsClientFor(gateway.url);
    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    const replayed = await subscriber.received(CAP);
    expect(replayed.map((result) => result.data!.linkEvents.id)[0]).toBe(
      (await gateway.app.events.log.list(linkId))[0]!.id,
    );
    subscriber.stop();
    await client.dispose();

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_webhooks_total\{kind="LINK_ERROR",outcome="folded"\} 9/);
    expect(metrics).toMatch(/gateway_webhooks_total\{kind="[A-Z_a-z]+",outcome="capped"\} 1/);
  });
});
