import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/sandbox.js';
import {
  startAppHarness,
  submitCedula,
  textStartsWith,
  visible,
  type AppHarness,
} from './reference-app-harness.js';

/** The employment ids in the employers table, in order. */
const tableIds = (page: Page) =>
  page
    .locator('#employers-table tbody tr[data-employment-id]')
    .evaluateAll((rows) =>
      rows.map((row) => (row as unknown as { dataset: { employmentId: string } }).dataset.employmentId),
    );

describe('the reference app through a connection that drops', () => {
  let harness: AppHarness;
  const linkState = () => [...harness.gateway.sandbox.world.links.values()].at(-1)!;

  beforeAll(async () => {
    harness = await startAppHarness({
      proxied: true,
      // The wait lasts long enough to be cut on a busy machine.
      env: { SANDBOX_EXTRACTION_DELAY_MS: '4000', SANDBOX_RECURRENT_INTERVAL_MS: '2000' },
    });
  });
  afterAll(() => harness?.stop());

  it('says the gateway cannot be reached, then sends the same attempt again once it can', async () => {
    const proxy = harness.proxy!;
    const { page } = await harness.openApp();
    const keys: string[] = [];
    page.on('request', (request) => {
      const body = request.postData();
      if (body?.includes('createLink')) {
        keys.push(
          (JSON.parse(body) as { variables: { input: { idempotencyKey: string } } }).variables.input
            .idempotencyKey,
        );
      }
    });
    proxy.cut();
    const before = harness.gateway.sandbox.world.links.size;
    await submitCedula(page, '1020304090');
    await visible(page, '#failure');
    expect(await page.textContent('#failure-title')).toBe('The gateway cannot be reached');
    expect(harness.gateway.sandbox.world.links.size).toBe(before);
    proxy.restore();
    await page.click('#retry');
    await visible(page, '#wait');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await visible(page, '#result');
    expect(harness.gateway.sandbox.world.links.size).toBe(before + 1);
    await page.close();
  }, 30_000);

  it('resumes the wait by itself after the connection is cut, and shows each employer once', async () => {
    const proxy = harness.proxy!;
    const { page } = await harness.openApp();
    await submitCedula(page, '1020304100');
    await textStartsWith(page, '#wait-connection', 'connected');
    proxy.cut();
    // The page says so, and keeps trying (each try is reset by the proxy) until the network is back.
    await textStartsWith(page, '#wait-connection', 'connection lost, reconnecting');
    expect(await page.textContent('#status')).toBe(
      'Connection lost. Reconnecting by itself; nothing is lost.',
    );
    await eventually(() => proxy.refused() >= 1, 10_000);
    proxy.restore();
    await visible(page, '#result', 20_000);
    const ids = await tableIds(page);
    const atBelvo = harness.gateway.sandbox.world.employments.filter(
      (employment) => employment.link === linkState().link.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(atBelvo.map((employment) => employment.id).sort());
    await page.close();
  }, 40_000);

  it('adds a recurrent link’s new employments live, each once, also those found while the connection was cut', async () => {
    const proxy = harness.proxy!;
    const { page } = await harness.openApp();
    await submitCedula(page, '1020304110', { recurrent: true });
    await visible(page, '#result', 20_000);
    await visible(page, '#live');
    const state = linkState();
    const initial = (await tableIds(page)).length;

    await page.waitForSelector('#live-log li', { timeout: 10_000 });
    // The log entry comes with the event; the table's badge once the link is read again after it.
    await page.waitForSelector('#employers-table .badge', { timeout: 10_000 });
    proxy.cut();
    await textStartsWith(page, '#live-note', 'Connection lost');
    // Belvo finds another while the page cannot hear it.
    const found = state.newEmploymentSequence;
    await eventually(() => state.newEmploymentSequence > found, 10_000);
    proxy.restore();

    // Every notification once, in the log and in the table, the missed one included.
    await eventually(async () => {
      const logged = await page.locator('#live-log li').count();
      return logged > found && logged === state.newEmploymentSequence;
    }, 15_000);
    const cursors = await page
      .locator('#live-log li')
      .evaluateAll((items) =>
        items.map((item) => (item as unknown as { dataset: { cursor: string } }).dataset.cursor),
      );
    expect(new Set(cursors).size).toBe(cursors.length);
    await eventually(async () => (await tableIds(page)).length >= initial + found + 1, 10_000);
    const ids = await tableIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    await page.close();
  }, 60_000);
});
