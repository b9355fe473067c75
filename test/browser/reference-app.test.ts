import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../support/gateway.js';
import {
  employerRows,
  focusedId,
  seriousViolations,
  screenshotPath,
  startAppHarness,
  submitCedula,
  textStartsWith,
  visible,
  type AppHarness,
} from './reference-app-harness.js';

/** What the gateway itself says about the link, to hold the page's figures against. */
async function linkFigures(url: string, id: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query ($id: UUID!) { link(id: $id) {
        owners { displayName }
        employments { id employerData { name } }
        incomeProfile(months: 24) { monthly { month } averageMonthlyGross { amount } monthsWithIncome }
      } }`,
      variables: { id },
    }),
  });
  const body = (await response.json()) as {
    data: {
      link: {
        owners: Array<{ displayName: string }>;
        employments: Array<{ id: string; employerData: { name: string } }>;
        incomeProfile: {
          monthly: Array<{ month: string }>;
          averageMonthlyGross: { amount: string };
          monthsWithIncome: number;
        };
      };
    };
  };
  return body.data.link;
}

describe('the reference app at /app, from a cédula to the income chart', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    // Long enough to see the wait; short enough for a test.
    harness = await startAppHarness({ env: { SANDBOX_EXTRACTION_DELAY_MS: '1500' } });
  });
  afterAll(() => harness?.stop());

  it('takes a cédula typed with dots, waits for Belvo over SSE, then shows the owner, employers and chart', async () => {
    const { page, requested } = await harness.openApp();
    await submitCedula(page, '1.020.304.050');

    await visible(page, '#wait');
    expect(await page.locator('#step-created').getAttribute('class')).toContain('done');
    // The wait's heading takes the focus, so a screen reader follows the page to it.
    expect(await focusedId(page)).toBe('wait-title');
    await textStartsWith(page, '#wait-connection', 'connected');
    await page.screenshot({ path: screenshotPath('reference-app-wait.png') });

    await visible(page, '#result');
    expect(await focusedId(page)).toBe('result-title');
    expect(await page.textContent('#status')).toMatch(/^Data received after \d+ s\.$/);

    const links = [...harness.gateway.sandbox.world.links.values()];
    expect(links).toHaveLength(1);
    const expected = await linkFigures(harness.gateway.url, links[0]!.link.id);
    expect(await page.textContent('#owner-details')).toContain(expected.owners[0]!.displayName);
    expect(await employerRows(page)).toEqual(
      expected.employments.map((employment) => employment.employerData.name),
    );
    // One bar per month of the window, a legend entry per employer, and the figures beside them.
    expect(await page.locator('#chart svg .bar').count()).toBe(expected.incomeProfile.monthly.length);
    expect(expected.incomeProfile.monthly).toHaveLength(24);
    expect(await page.locator('#legend li').count()).toBeGreaterThan(0);
    const summary = await page.textContent('#summary-details');
    expect(summary).toContain(`${expected.incomeProfile.monthsWithIncome} of 24`);
    const [whole, fraction] = expected.incomeProfile.averageMonthlyGross.amount.split('.');
    expect(summary).toContain(
      `$ ${BigInt(whole!).toLocaleString('es-CO')}${fraction ? `,${fraction.padEnd(2, '0')}` : ''}`,
    );

    // Everything the page asked for came from the gateway that served it.
    expect(requested.filter((url) => !url.startsWith(`${harness.origin}/`))).toEqual([]);
    expect(requested.some((url) => url.endsWith('/graphql/stream'))).toBe(true);

    await page.screenshot({ path: screenshotPath('reference-app.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('has no serious or critical accessibility violations, on the form, the wait, the result and a failure, and works by keyboard', async () => {
    // axe-core is injected as an inline script, which the app's Content-Security-Policy forbids.
    const { page } = await harness.openApp({ bypassCSP: true });
    expect(await seriousViolations(page)).toEqual({});
    await submitCedula(page, '1020304051');
    await visible(page, '#wait');
    expect(await seriousViolations(page)).toEqual({});
    await visible(page, '#result');
    await page.click('#income details summary'); // the table behind the chart, open
    expect(await seriousViolations(page)).toEqual({});
    await page.click('#again');
    await submitCedula(page, '9990000001'); // refused by the institution: the failure panel
    await visible(page, '#failure');
    expect(await seriousViolations(page)).toEqual({});
    // By keyboard: the failure's heading has the focus, Tab reaches its action, Enter goes back to the field.
    expect(await focusedId(page)).toBe('failure-title');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('change');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('cedula');
    await page.close();
  }, 60_000);

  it('is served with a policy that lets the page reach its own origin only', async () => {
    const response = await fetch(`${harness.gateway.url}/app`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    const script = await fetch(`${harness.gateway.url}/app/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const index = (await (await fetch(`${harness.gateway.url}/`)).json()) as {
      routes: Record<string, string>;
    };
    expect(index.routes.app).toMatch(/^\/app /);
  });

  it('is not served when REFERENCE_APP=false', async () => {
    const off = await startGateway({ REFERENCE_APP: 'false' });
    try {
      expect((await fetch(`${off.url}/app`)).status).toBe(404);
      const index = (await (await fetch(`${off.url}/`)).json()) as { routes: Record<string, string> };
      expect(index.routes).not.toHaveProperty('app');
    } finally {
      await off.stop();
    }
  });
});
