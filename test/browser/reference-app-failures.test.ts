import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  focusedId,
  screenshotPath,
  startAppHarness,
  submitCedula,
  textStartsWith,
  visible,
  type AppHarness,
} from './reference-app-harness.js';

/** The createLink inputs the page sent, in order (read from the requests themselves). */
function createLinkInputs(page: Page) {
  const inputs: Array<{ cedula: string; idempotencyKey: string; accessMode: string }> = [];
  page.on('request', (request) => {
    const body = request.postData();
    if (!request.url().endsWith('/graphql') || !body?.includes('createLink')) return;
    inputs.push((JSON.parse(body) as { variables: { input: (typeof inputs)[number] } }).variables.input);
  });
  return inputs;
}

const failureText = async (page: Page) => ({
  title: await page.textContent('#failure-title'),
  code: await page.textContent('#failure-code'),
  retry: await page.isVisible('#retry'),
});

describe('the reference app says what went wrong, and retries the same attempt when that is safe', () => {
  let harness: AppHarness;
  const linksAtBelvo = () => harness.gateway.sandbox.world.links.size;

  beforeAll(async () => {
    harness = await startAppHarness({ env: { SANDBOX_EXTRACTION_DELAY_MS: '200' } });
  });
  afterEach(() => harness.gateway.sandbox.faults.clear());
  afterAll(() => harness?.stop());

  it('refuses a cédula the gateway would refuse before sending anything, at the field', async () => {
    const { page, requested } = await harness.openApp();
    await submitCedula(page, '12ab');
    await visible(page, '#cedula-error');
    expect(await page.textContent('#cedula-error')).toBe('A cédula has digits only (0–9).');
    expect(await page.getAttribute('#cedula', 'aria-invalid')).toBe('true');
    expect(await focusedId(page)).toBe('cedula');
    await submitCedula(page, '12.345');
    expect(await page.textContent('#cedula-error')).toBe('A cédula has 6 to 10 digits; this one has 5.');
    expect(requested.filter((url) => url.endsWith('/graphql'))).toEqual([]);
    await page.close();
  });

  it('shows the gateway’s user error for the cédula at the field, by its field and code, without a retry', async () => {
    const { page } = await harness.openApp();
    // A page whose check is older than the gateway's: the gateway's refusal is what the person sees.
    await page.route('**/graphql', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as {
        variables?: { input?: { cedula: string } };
      };
      if (body.variables?.input) body.variables.input.cedula = '12345';
      await route.continue({ postData: JSON.stringify(body) });
    });
    const before = linksAtBelvo();
    await submitCedula(page, '1020304050');
    await visible(page, '#failure');
    expect(await failureText(page)).toEqual({
      title: 'The gateway refused this cédula',
      code: 'Code: INVALID',
      retry: false,
    });
    expect(await page.textContent('#failure-detail')).toContain('cedula must be 6 to 10 digits');
    expect(await page.textContent('#cedula-error')).toBe('The gateway refused this cédula');
    expect(await focusedId(page)).toBe('failure-title');
    expect(linksAtBelvo()).toBe(before);
    await page.close();
  });

  it('says the institution refused the cédula (user error CEDULA_REFUSED), at the field, without a retry', async () => {
    const { page } = await harness.openApp();
    await submitCedula(page, '9990000002');
    await visible(page, '#failure');
    expect(await failureText(page)).toEqual({
      title: 'The institution did not accept this cédula',
      code: 'Code: CEDULA_REFUSED',
      retry: false,
    });
    expect(await page.textContent('#cedula-error')).toBe('The institution did not accept this cédula');
    expect(await page.getAttribute('#cedula', 'aria-invalid')).toBe('true');
    await page.close();
  });

  it('says when the institution refused the cédula during the extraction (LINK_ERROR)', async () => {
    const { page } = await harness.openApp();
    await submitCedula(page, '6660000001');
    await visible(page, '#failure');
    expect(await failureText(page)).toEqual({
      title: 'The institution refused the cédula while reading the records',
      code: 'Code: LINK_ERROR · INVALID_CREDENTIALS',
      retry: false,
    });
    await page.close();
  });

  it('counts down RATE_LIMITED’s retryAfterSeconds, then retries the same attempt with the same key', async () => {
    const { page } = await harness.openApp();
    const inputs = createLinkInputs(page);
    // Long enough to read the countdown on a busy machine before it ends.
    harness.gateway.sandbox.faults.inject({
      kind: 'rate_limit',
      retryAfterSeconds: 4,
      match: 'POST /api/links/',
    });
    const before = linksAtBelvo();
    await submitCedula(page, '1020304060');
    await visible(page, '#failure');
    expect(await failureText(page)).toMatchObject({
      title: 'Too many requests right now',
      code: 'Code: RATE_LIMITED',
    });
    expect(await page.isDisabled('#retry')).toBe(true);
    expect(await page.textContent('#retry')).toMatch(/^Try again in [1-4] s$/);
    await page.screenshot({ path: screenshotPath('reference-app-rate-limited.png') });
    // Enabled once the countdown ends; it says so to a screen reader too.
    await page.waitForSelector('#retry:not([disabled])', { timeout: 10_000 });
    expect(await page.textContent('#retry')).toBe('Try again');
    expect(await page.textContent('#status')).toBe('You can try again now.');
    await page.click('#retry');
    await visible(page, '#result');
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual(inputs[0]);
    expect(linksAtBelvo()).toBe(before + 1);
    await page.close();
  }, 30_000);

  it('retries OUTCOME_UNKNOWN with the same key: the link the first try made is found, none made twice', async () => {
    const { page } = await harness.openApp();
    const inputs = createLinkInputs(page);
    const { sandbox } = harness.gateway;
    sandbox.resetCounters();
    // Belvo creates the link but answers 500, and the lookup by external id fails too.
    sandbox.faults.inject({ kind: 'server_error_after', match: 'POST /api/links/' });
    sandbox.faults.inject({ kind: 'server_error', match: 'GET /api/links/', times: 20 });
    const before = linksAtBelvo();
    await submitCedula(page, '1020304070');
    await visible(page, '#failure');
    expect(await failureText(page)).toEqual({
      title: 'We could not confirm whether the link was created',
      code: 'Code: OUTCOME_UNKNOWN',
      retry: true,
    });
    expect(linksAtBelvo()).toBe(before + 1);
    sandbox.faults.clear();
    await page.click('#retry');
    await visible(page, '#result');
    expect(inputs).toHaveLength(2);
    expect(inputs[1]!.idempotencyKey).toBe(inputs[0]!.idempotencyKey);
    expect(sandbox.count('POST', '/api/links/')).toBe(1);
    expect(linksAtBelvo()).toBe(before + 1);
    await page.close();
  }, 30_000);

  it('makes a new key for another cédula, and for the same cédula once its link was made', async () => {
    const { page } = await harness.openApp();
    const inputs = createLinkInputs(page);
    await submitCedula(page, '9990000003'); // refused: the attempt is over
    await visible(page, '#failure');
    await page.click('#change');
    await submitCedula(page, '1020304080');
    await visible(page, '#result');
    await page.click('#again');
    await submitCedula(page, '1020304080');
    await textStartsWith(page, '#status', 'Data received');
    const keys = new Set(inputs.map((input) => input.idempotencyKey));
    expect(inputs).toHaveLength(3);
    expect(keys.size).toBe(3);
    await page.close();
  }, 30_000);
});
