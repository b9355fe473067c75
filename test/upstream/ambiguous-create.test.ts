import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.js';
import { deleteInBackground } from '../../src/resources/links/link.belvo-post.js';
import type { FaultKind } from '../../src/sandbox/faults.js';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { clientFor, eventually, startSandbox } from '../support/sandbox.js';

describe('a createLink whose answer is lost', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '600000' });
  });
  afterAll(() => gateway.stop());
  afterEach(() => gateway.sandbox.faults.clear());

  const linksAtBelvo = () => [...gateway.sandbox.world.links.values()].map((state) => state.link);

  it.each<[string, FaultKind]>([
    ['a 500 after the link was created', 'server_error_after'],
    ['a connection reset after the link was created', 'reset_after'],
  ])('adopts the link after %s: one link at Belvo, and the client gets it', async (_, kind) => {
    const before = linksAtBelvo().length;
    gateway.sandbox.faults.inject({ kind, match: 'POST /api/links/' });
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1700000001' } });
    expect(result.errors).toBeUndefined();
    const created = linksAtBelvo().slice(before);
    expect(created).toHaveLength(1);
    expect(result.data!.createLink.link!.id).toBe(created[0]!.id);
    // The gateway sent an opaque external id of its own, which is how it found the link again.
    expect(created[0]!.external_id).toMatch(/^gw_[A-Za-z0-9_-]{24}$/);
    expect(gateway.sandbox.count('GET', '/api/links/')).toBeGreaterThanOrEqual(1);
  });

  it('answers OUTCOME_UNKNOWN, retryable, when Belvo failed before creating anything', async () => {
    const before = linksAtBelvo().length;
    gateway.sandbox.faults.inject({ kind: 'server_error', match: 'POST /api/links/' });
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1700000002' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: true });
    expect(linksAtBelvo()).toHaveLength(before);
  });

  it("never adopts an older link that shares the client's external id", async () => {
    const externalId = 'shared_reference';
    const first = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1700000003', externalId } });
    gateway.sandbox.faults.inject({ kind: 'server_error_after', match: 'POST /api/links/' });
    const second = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1700000004', externalId } });
    expect(second.errors).toBeUndefined();
    expect(second.data!.createLink.link!.id).not.toBe(first.data!.createLink.link!.id);
    expect(linksAtBelvo().filter((link) => link.external_id === externalId)).toHaveLength(2);
  });

  it('answers OUTCOME_UNKNOWN when the lookup fails too; the same idempotency key then returns that link', async () => {
    const before = linksAtBelvo().length;
    gateway.sandbox.resetCounters();
    gateway.sandbox.faults.inject({ kind: 'server_error_after', match: 'POST /api/links/' });
    gateway.sandbox.faults.inject({ kind: 'server_error', match: 'GET /api/links/', times: 20 });
    const input = { cedula: '1700000006', idempotencyKey: 'order-5521' };
    const first = await gateway.graphql(CreateLinkDocument, { input });
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: true });
    gateway.sandbox.faults.clear();

    const retry = await gateway.graphql(CreateLinkDocument, { input });
    expect(retry.errors).toBeUndefined();
    const created = linksAtBelvo().slice(before);
    expect(created).toHaveLength(1);
    expect(retry.data!.createLink.link!.id).toBe(created[0]!.id);
    expect(gateway.sandbox.count('POST', '/api/links/')).toBe(1);
    // Recorded for its creator now: a third call answers it from the key, without Belvo's list.
    const again = await gateway.graphql(CreateLinkDocument, { input });
    expect(again.data!.createLink.link!.id).toBe(created[0]!.id);
    expect(gateway.sandbox.count('POST', '/api/links/')).toBe(1);
  });

  it('does not look anything up after a refusal (4xx): Belvo created nothing', async () => {
    gateway.sandbox.resetCounters();
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: '9990000001' } });
    expect(result.data!.createLink.userErrors.map((error) => error.code)).toEqual(['CEDULA_REFUSED']);
    expect(gateway.sandbox.count('GET')).toBe(0);
  });
});

describe('a rollback delete that meets a 429', () => {
  it('is retried in the background until the link is gone, logged with the link id', async () => {
    const { sandbox, url } = await startSandbox({ extractionDelayMs: 600_000 });
    const client = clientFor(url);
    const logged: Array<Record<string, unknown>> = [];
    const logger = silentLogger();
    logger.warn = ((fields: Record<string, unknown>) => void logged.push(fields)) as typeof logger.warn;
    try {
      const link = await client.createLink({ institution: 'pila_co_employment', username: '1700000005' });
      sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1, match: 'DELETE /api/links/' });
      await deleteInBackground(client, logger, link.id);
      expect(sandbox.world.links.has(link.id)).toBe(true);
      expect(logged).toEqual([expect.objectContaining({ linkId: link.id, status: 429, retryInMs: 1_000 })]);
      await eventually(() => !sandbox.world.links.has(link.id), 5_000);
      expect(sandbox.count('DELETE')).toBe(2);
    } finally {
      await client.close();
      await sandbox.stop();
    }
  });
});
