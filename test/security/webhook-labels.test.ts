import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

describe('unknown webhook types and codes in the logs', () => {
  let gateway: Gateway;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGateway();
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(() => gateway.stop());

  const logged = (webhookId: string) =>
    gateway.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.webhookId === webhookId);

  it('logs a code carrying personal data only as a hash, and Belvo-shaped names as they are', async () => {
    const personal = envelope({ webhook_type: 'MARIA_1020304050', webhook_code: 'cedula_1020304050' });
    const plain = envelope({ webhook_type: 'ACCOUNTS', webhook_code: 'new_accounts_available' });
    for (const body of [personal, plain]) {
      expect((await postWebhook(gateway.url, body, { authorization })).body.status).toBe('ignored');
    }
    expect(gateway.logLines.join('\n')).not.toContain('1020304050');
    expect(logged(personal.webhook_id)).toMatchObject({
      webhookType: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
      webhookCode: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
    });
    expect(logged(plain.webhook_id)).toMatchObject({
      webhookType: 'ACCOUNTS',
      webhookCode: 'new_accounts_available',
    });
  });
});
