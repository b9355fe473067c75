import Client from 'belvo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { SANDBOX_KEYS, startSandbox } from '../support/sandbox.js';

/*
 * Belvo's official Node SDK is a second, independent client of the contract: if it cannot run
 * its link and owner calls against the simulator, the simulator is not serving Belvo's API.
 */
describe("Belvo's official Node SDK against the simulator", () => {
  let sandbox: BelvoSandbox;
  let client: Client;

  beforeAll(async () => {
    const started = await startSandbox({ extractionDelayMs: 600_000 });
    sandbox = started.sandbox;
    client = new Client(SANDBOX_KEYS.secretId, SANDBOX_KEYS.secretPassword, started.url);
    await client.connect();
  });
  afterAll(() => sandbox.stop());

  it('registers, lists, reads, patches, updates and deletes links', async () => {
    const link = await client.links.register('pila_co_employment', '1900000001', undefined, {
      accessMode: 'single',
      externalId: 'sdk_contract_test',
    });
    expect(link).toMatchObject({ access_mode: 'single', status: 'valid', external_id: 'sdk_contract_test' });

    const listed = await client.links.list({ filters: { external_id: 'sdk_contract_test' } });
    expect(listed.map((item) => item.id)).toEqual([link.id]);
    expect(await client.links.detail(link.id)).toMatchObject({ id: link.id });

    expect(await client.links.patch(link.id, { accessMode: 'recurrent' })).toMatchObject({
      access_mode: 'recurrent',
      refresh_rate: '7d',
    });
    expect(await client.links.update(link.id)).toMatchObject({ id: link.id, status: 'valid' });
    expect(sandbox.count('PUT', '/api/links/{id}/')).toBe(1);

    await client.links.delete(link.id);
    expect(sandbox.world.links.has(link.id)).toBe(false);
    await expect(client.links.detail(link.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('retrieves, lists, reads and deletes owners', async () => {
    const link = await client.links.register('pila_co_employment', '1900000002', undefined, {
      accessMode: 'single',
    });
    const preview = await client.owners.retrieve(link.id, { saveData: false });
    expect(preview).toHaveLength(1);
    expect(sandbox.world.owners.filter((owner) => owner.link === link.id)).toEqual([]);

    const [owner] = await client.owners.retrieve(link.id);
    const listed = await client.owners.list({ filters: { link: link.id } });
    expect(listed.map((item) => item.id)).toEqual([owner!.id]);
    expect(await client.owners.detail(owner!.id)).toMatchObject({ id: owner!.id, link: link.id });

    await client.owners.delete(owner!.id);
    expect(await client.owners.list({ filters: { link: link.id } })).toEqual([]);
  });

  it('sees Belvo errors as the SDK expects them: a status and the error array', async () => {
    const refused = await client.links
      .register('pila_co_employment', '1900000003', undefined, { accessMode: 'sometimes' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      statusCode: 400,
      detail: [expect.objectContaining({ code: 'invalid', field: 'access_mode' })],
    });
  });
});
