import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/support/receiver.js';
import { eventually, SANDBOX_KEYS, startSandbox } from '../../test/support/sandbox.js';
import type { WebhookEnvelope } from '../belvo/contract/types.js';

const auth = `Basic ${Buffer.from(`${SANDBOX_KEYS.secretId}:${SANDBOX_KEYS.secretPassword}`).toString('base64')}`;

/** Creates a link on a simulator of the test's own. */
const createOn = (base: string, body: Record<string, unknown>) =>
  fetch(`${base}/api/links/`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('webhooks', () => {
  it('posts the historical updates with the configured Authorization, and retries after a 500', async () => {
    const receiver = await startReceiver([500]);
    const { sandbox: local, url: localUrl } = await startSandbox({
      webhook: { url: receiver.url, authorization: 'Bearer hook-secret' },
    });
    try {
      const response = await createOn(localUrl, {
        institution: 'pila_co_employment',
        username: '1020304050',
        external_id: 'ext_9',
      });
      const link = (await response.json()) as { id: string };
      await eventually(() => receiver.received.length >= 3);
      const envelopes = receiver.received.map((item) => item.body as WebhookEnvelope);
      expect(receiver.received.every((item) => item.headers.authorization === 'Bearer hook-secret')).toBe(
        true,
      );
      expect(envelopes.map((e) => e.webhook_type).sort()).toEqual(['EMPLOYMENTS', 'EMPLOYMENTS', 'OWNERS']);
      const [first, retried] = envelopes.filter((e) => e.webhook_type === 'EMPLOYMENTS');
      // The first delivery was answered 500, so the same webhook came again.
      expect(retried!.webhook_id).toBe(first!.webhook_id);
      expect(first).toEqual({
        webhook_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        webhook_type: 'EMPLOYMENTS',
        process_type: 'historical_update',
        webhook_code: 'historical_update',
        link_id: link.id,
        request_id: expect.any(String),
        external_id: 'ext_9',
        data: { total_employments: expect.any(Number) },
      });
      expect(local.webhooks.attempts.map((a) => a.status)).toContain(500);
    } finally {
      await local.stop();
      await receiver.close();
    }
  });

  it('announces new employments for recurrent links on the refresh interval', async () => {
    const receiver = await startReceiver();
    const { sandbox: local, url: localUrl } = await startSandbox({
      webhook: { url: receiver.url },
      recurrentIntervalMs: 30,
    });
    try {
      await createOn(localUrl, {
        institution: 'pila_co_employment',
        username: '1020304050',
        access_mode: 'recurrent',
      });
      const announced = await eventually(() =>
        receiver.received.find(
          (item) => (item.body as WebhookEnvelope).webhook_code === 'new_employments_available',
        ),
      );
      expect(announced.body).toMatchObject({
        webhook_type: 'EMPLOYMENTS',
        process_type: 'recurrent_update',
        data: { new_employments: 1 },
      });
    } finally {
      await local.stop();
      await receiver.close();
    }
  });

  it('remembers only the latest delivery attempts, and counts those it forgot', async () => {
    const receiver = await startReceiver();
    const { sandbox: local, url: localUrl } = await startSandbox({
      webhook: { url: receiver.url },
      webhookLogMax: 2,
    });
    const deliveredFor = (linkId: string) =>
      receiver.received
        .map((item) => item.body as WebhookEnvelope)
        .filter((envelope) => envelope.link_id === linkId)
        .map((envelope) => envelope.webhook_id);
    try {
      const linkIds: string[] = [];
      for (const username of ['1020304050', '1020304051', '1020304052']) {
        const response = await createOn(localUrl, { institution: 'pila_co_employment', username });
        linkIds.push(((await response.json()) as { id: string }).id);
        // Each link's two webhooks (employments, owners) recorded before the next link's start.
        await eventually(
          () => local.webhooks.attempts.length + local.webhooks.forgottenAttempts === 2 * linkIds.length,
        );
      }
      expect(receiver.received).toHaveLength(6);
      expect(local.webhooks.attempts).toHaveLength(2);
      expect(local.webhooks.forgottenAttempts).toBe(4);
      expect(local.webhooks.attempts.map((attempt) => attempt.webhookId).sort()).toEqual(
        deliveredFor(linkIds[2]!).sort(),
      );
    } finally {
      await local.stop();
      await receiver.close();
    }
  });

  it('fails extraction for a 666… cédula with an invalid_credentials LINK webhook', async () => {
    const receiver = await startReceiver();
    const { sandbox: local, url: localUrl } = await startSandbox({ webhook: { url: receiver.url } });
    try {
      await createOn(localUrl, { institution: 'pila_co_employment', username: '6661234567' });
      const [event] = await eventually(() => receiver.received.length > 0 && receiver.received);
      expect(event!.body).toMatchObject({
        webhook_type: 'LINK',
        webhook_code: 'invalid_credentials',
        data: { error_code: 'login_error' },
      });
    } finally {
      await local.stop();
      await receiver.close();
    }
  });
});
