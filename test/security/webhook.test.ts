import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equalsAnySecret } from '../../src/constant-time.js';
import { createEventEngine } from '../../src/events/event-engine.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const CURRENT = 'Bearer current-webhook-secret';
const PREVIOUS = 'Basic cHJldmlvdXM6c2VjcmV0';
const LINK_ID = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';

describe('the webhook route', () => {
  let gateway: Gateway;
  const auth = { authorization: CURRENT };

  beforeAll(async () => {
    gateway = await startGateway({
      WEBHOOK_AUTHORIZATION: CURRENT,
      WEBHOOK_AUTHORIZATION_PREVIOUS: PREVIOUS,
    });
  });
  afterAll(() => gateway.stop());

  const recorded = (linkId = LINK_ID) => gateway.app.events.store.list(linkId);

  it.each([
    ['no Authorization header', {}],
    ['a wrong value', { authorization: 'Bearer wrong' }],
    ['the right token with the wrong scheme', { authorization: 'Basic current-webhook-secret' }],
    ['a prefix of the right value', { authorization: CURRENT.slice(0, -1) }],
  ])('answers 401 to %s and records nothing', async (_, headers: Record<string, string>) => {
    const body = envelope();
    const answer = await postWebhook(gateway.url, body, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHORIZED');
    expect((await recorded()).map((event) => event.id)).not.toContain(body.webhook_id);
  });

  it('accepts the current and the previous Authorization value (rotation)', async () => {
    expect((await postWebhook(gateway.url, envelope(), { authorization: CURRENT })).body.status).toBe(
      'accepted',
    );
    expect((await postWebhook(gateway.url, envelope(), { authorization: PREVIOUS })).body.status).toBe(
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
    const linkId = '1b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';
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
    const linkId = '2b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';
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
});

describe('a webhook that cannot be recorded', () => {
  it('is answered 503 with Retry-After, and the redelivery is processed rather than dropped', async () => {
    const events = createEventEngine();
    const append = events.store.append.bind(events.store);
    let failures = 1;
    events.store.append = async (event) => {
      if (failures-- > 0) throw new Error('store is down');
      return append(event);
    };
    const gateway = await startGateway({ WEBHOOK_AUTHORIZATION: CURRENT }, { events });
    try {
      const body = envelope();
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
