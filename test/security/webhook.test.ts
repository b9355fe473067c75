import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equalsAnySecret } from '../../src/security/constant-time.js';
import { CreateLinkDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const CURRENT = 'Bearer current-webhook-secret';
const PREVIOUS = 'Basic cHJldmlvdXM6c2VjcmV0';
/** No simulated extraction during these tests: the only webhooks are the ones they post. */
const QUIET = { SANDBOX_EXTRACTION_DELAY_MS: '600000' };

async function createLink(gateway: Gateway): Promise<string> {
  const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1033333333' } });
  return created.data!.createLink.link!.id;
}

describe('the webhook route', () => {
  let gateway: Gateway;
  let LINK_ID: string;
  const auth = { authorization: CURRENT };

  beforeAll(async () => {
    gateway = await startGateway({
      ...QUIET,
      WEBHOOK_AUTHORIZATION: CURRENT,
      WEBHOOK_AUTHORIZATION_PREVIOUS: PREVIOUS,
    });
    LINK_ID = await createLink(gateway);
  });
  afterAll(() => gateway.stop());

  const recorded = (linkId = LINK_ID) => gateway.app.events.log.list(linkId);

  it.each([
    ['no Authorization header', {}],
    ['a wrong value', { authorization: 'Bearer wrong' }],
    ['the right token with the wrong scheme', { authorization: 'Basic current-webhook-secret' }],
    ['a prefix of the right value', { authorization: CURRENT.slice(0, -1) }],
  ])('answers 401 to %s and records nothing', async (_, headers: Record<string, string>) => {
    const body = envelope({ link_id: LINK_ID });
    const answer = await postWebhook(gateway.url, body, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHORIZED');
    expect((await recorded()).map((event) => event.id)).not.toContain(body.webhook_id);
  });

  it('accepts the current and the previous Authorization value (rotation)', async () => {
    const body = () => envelope({ link_id: LINK_ID });
    expect((await postWebhook(gateway.url, body(), { authorization: CURRENT })).body.status).toBe('accepted');
    expect((await postWebhook(gateway.url, body(), { authorization: PREVIOUS })).body.status).toBe(
      'accepted',
    );
  });

  it('answers 415 to a body that is not JSON, before reading it', async () => {
    const response = await fetch(`${gateway.url}/webhooks/belvo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...auth },
      body: JSON.stringify(envelope()),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('answers 413 to a body over the limit', async () => {
    const answer = await postWebhook(gateway.url, envelope({ data: { padding: 'x'.repeat(20_000) } }), auth);
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 to broken JSON', async () => {
    const answer = await postWebhook(gateway.url, '{"webhook_id": ', auth);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_JSON');
  });

  it('answers 400 to deeply nested JSON without falling over', async () => {
    const answer = await postWebhook(gateway.url, `${'['.repeat(5_000)}${']'.repeat(5_000)}`, auth);
    expect(answer.status).toBe(400);
  });

  it.each([
    ['an array', [], 'the body must be a JSON object'],
    ['no webhook_id', envelope({ webhook_id: undefined }), 'webhook_id'],
    ['a webhook_id with symbols', envelope({ webhook_id: '../../etc/passwd' }), 'webhook_id'],
    ['a link_id that is no UUID', envelope({ link_id: 'abc' }), 'link_id must be a UUID'],
    ['no webhook_type', envelope({ webhook_type: undefined }), 'webhook_type'],
    ['data that is a string', envelope({ data: 'x' }), 'data must be a JSON object'],
    [
      'a count that is a string',
      envelope({
        webhook_type: 'EMPLOYMENTS',
        webhook_code: 'historical_update',
        data: { total_employments: '3' },
      }),
      'data.total_employments',
    ],
    ['an external_id that is a number', envelope({ external_id: 42 }), 'external_id'],
  ])('answers 400 with the reason to an envelope with %s', async (_, body, reason) => {
    const answer = await postWebhook(gateway.url, body, auth);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_ENVELOPE' });
    expect(answer.body.error!.message).toContain(reason);
  });

  it('accepts an unknown webhook type or code with 2xx, and neither records nor publishes it', async () => {
    const linkId = await createLink(gateway);
    const published: string[] = [];
    const stop = gateway.app.events.bus.listen(linkId, (event) => published.push(event.id));
    for (const body of [
      envelope({ link_id: linkId, webhook_type: 'ACCOUNTS', webhook_code: 'new_accounts_available' }),
      envelope({ link_id: linkId, webhook_type: 'EMPLOYMENTS', webhook_code: 'new_accounts_available' }),
    ]) {
      const answer = await postWebhook(gateway.url, body, auth);
      expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    }
    const sentinel = envelope({ link_id: linkId });
    await postWebhook(gateway.url, sentinel, auth);
    expect(published).toEqual([sentinel.webhook_id]);
    stop();
    expect((await recorded(linkId)).map((event) => event.id)).toEqual([sentinel.webhook_id]);
  });

  it('accepts a known webhook, records it for the link and answers "duplicate" to a redelivery', async () => {
    const linkId = await createLink(gateway);
    const body = envelope({
      link_id: linkId,
      webhook_type: 'EMPLOYMENTS',
      process_type: 'historical_update',
      webhook_code: 'historical_update',
      data: { total_employments: 3 },
    });
    expect((await postWebhook(gateway.url, body, auth)).body.status).toBe('accepted');
    expect((await postWebhook(gateway.url, body, auth)).body.status).toBe('duplicate');
    expect(await recorded(linkId)).toEqual([
      expect.objectContaining({
        id: body.webhook_id,
        kind: 'EMPLOYMENTS_HISTORICAL_UPDATE',
        count: 3,
        linkId,
      }),
    ]);
  });

  it('acknowledges a webhook for a link neither the gateway nor Belvo knows, and records nothing', async () => {
    const madeUp = '3b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';
    const answer = await postWebhook(gateway.url, envelope({ link_id: madeUp }), auth);
    expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await recorded(madeUp)).toEqual([]);
  });

  it('ignores a forged link_deleted while Belvo still has the link: its owner keeps it', async () => {
    const linkId = await createLink(gateway);
    const forged = envelope({
      link_id: linkId,
      webhook_type: 'LINK',
      webhook_code: 'link_deleted',
      data: {},
    });
    const answer = await postWebhook(gateway.url, forged, auth);
    expect(answer).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await recorded(linkId)).toEqual([]);
    expect((await gateway.graphql(LinkWithDataDocument, { id: linkId })).data?.link.id).toBe(linkId);
    expect(await gateway.app.store.links.has(linkId)).toBe(true);
  });

  it('believes a link_deleted that Belvo confirms: the link is gone, its events purged but the deletion', async () => {
    const linkId = await createLink(gateway);
    gateway.sandbox.world.deleteLink(linkId, false);
    const deleted = envelope({
      link_id: linkId,
      webhook_type: 'LINK',
      webhook_code: 'link_deleted',
      data: {},
    });
    const answer = await postWebhook(gateway.url, deleted, auth);
    expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await gateway.app.store.links.has(linkId)).toBe(false);
    expect((await recorded(linkId)).map((event) => event.id)).toEqual([deleted.webhook_id]);
  });
});

describe('a webhook that cannot be recorded', () => {
  it('is answered 503 with Retry-After, and the redelivery is processed rather than dropped', async () => {
    const gateway = await startGateway({ ...QUIET, WEBHOOK_AUTHORIZATION: CURRENT });
    const log = gateway.app.store.events;
    const append = log.append.bind(log);
    let failures = 1;
    log.append = async (event) => {
      if (failures-- > 0) throw new Error('store is down');
      return append(event);
    };
    try {
      const body = envelope({ link_id: await createLink(gateway) });
      const first = await postWebhook(gateway.url, body, { authorization: CURRENT });
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(first.body)).not.toContain('store is down');
      const retry = await postWebhook(gateway.url, body, { authorization: CURRENT });
      expect(retry).toMatchObject({ status: 200, body: { status: 'accepted' } });
    } finally {
      await gateway.stop();
    }
  });

  it('is committed before a failed publication, and the redelivery publishes it once', async () => {
    const gateway = await startGateway({ ...QUIET, WEBHOOK_AUTHORIZATION: CURRENT });
    const bus = gateway.app.events.bus;
    const publish = bus.publish.bind(bus);
    let failures = 1;
    bus.publish = async (event) => {
      if (failures-- > 0) throw new Error('bus is down');
      return publish(event);
    };
    try {
      const linkId = await createLink(gateway);
      const published: string[] = [];
      const stop = bus.listen(linkId, (event) => published.push(event.id));
      const body = envelope({ link_id: linkId });
      expect((await postWebhook(gateway.url, body, { authorization: CURRENT })).status).toBe(503);
      expect((await gateway.app.events.log.list(linkId)).map((event) => event.id)).toEqual([body.webhook_id]);
      expect(published).toEqual([]);
      const retry = await postWebhook(gateway.url, body, { authorization: CURRENT });
      expect(retry).toMatchObject({ status: 200, body: { status: 'accepted' } });
      expect(published).toEqual([body.webhook_id]);
      expect((await postWebhook(gateway.url, body, { authorization: CURRENT })).body.status).toBe(
        'duplicate',
      );
      expect(published).toEqual([body.webhook_id]);
      stop();
    } finally {
      await gateway.stop();
    }
  });
});

describe('equalsAnySecret', () => {
  it('matches any configured secret exactly, whatever the lengths', () => {
    expect(equalsAnySecret('Bearer a', ['Bearer a', 'Bearer b'])).toBe(true);
    expect(equalsAnySecret('Bearer b', ['Bearer a', 'Bearer b'])).toBe(true);
    expect(equalsAnySecret('Bearer', ['Bearer a'])).toBe(false);
    expect(equalsAnySecret('Bearer aa', ['Bearer a'])).toBe(false);
    expect(equalsAnySecret(undefined, ['Bearer a'])).toBe(false);
    expect(equalsAnySecret('', [''])).toBe(true);
    expect(equalsAnySecret(undefined, [''])).toBe(false);
    expect(equalsAnySecret('Bearer a', [])).toBe(false);
  });
});
