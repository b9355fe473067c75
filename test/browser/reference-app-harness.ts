import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startGateway, type Gateway } from '../support/gateway.js';
import { startProxy, type Proxy } from '../support/proxy.js';
import { freePort } from '../support/ports.js';
import { launchChromium } from '../support/browser.js';

const require = createRequire(import.meta.url);

/**
 * Screenshots go to test/artifacts/ (not committed); UPDATE_SCREENSHOTS=1 writes the ones the docs
 * show, in docs/images/, so an ordinary run leaves the working tree as it was.
 */
const SCREENSHOTS = new URL(
  process.env.UPDATE_SCREENSHOTS ? '../../docs/images/' : '../artifacts/',
  import.meta.url,
).pathname;

/** Where the screenshot `name` is written (its folder made if need be). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return `${SCREENSHOTS}${name}`;
}

/**
 * A test gateway (simulator inside) and Chromium, for the reference app at /app. With `proxied`,
 * the browser reaches the gateway only through a proxy that can cut every connection: the page is
 * served through it too, so its origin is the proxy's (allowed with ALLOWED_ORIGINS).
 */
export async function startAppHarness(options: { env?: Record<string, string>; proxied?: boolean } = {}) {
  let proxy: Proxy | undefined;
  let gateway: Gateway;
  if (options.proxied) {
    // The proxy connects on demand, so it can point at the port before the gateway listens there.
    const port = await freePort();
    proxy = await startProxy(`http://127.0.0.1:${port}`, { whileCut: 'reset' });
    gateway = await startGateway({ PORT: String(port), ALLOWED_ORIGINS: proxy.url, ...options.env });
  } else {
    gateway = await startGateway(options.env);
  }
  const browser: Browser = await launchChromium();
  const origin = proxy?.url ?? gateway.url;

  /** A fresh page on /app, recording every URL it asks for. */
  async function openApp(context: BrowserContextOptions = {}) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...context });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${origin}/app`);
    await page.waitForSelector('#cedula');
    return { page, requested };
  }

  return {
    gateway,
    proxy,
    browser,
    origin,
    openApp,
    async stop() {
      await browser.close();
      await proxy?.stop();
      await gateway.stop();
    },
  };
}

export type AppHarness = Awaited<ReturnType<typeof startAppHarness>>;

/** Types a cédula (and ticks "recurrent" when asked), then sends the form with Enter, as a keyboard user would. */
export async function submitCedula(page: Page, cedula: string, options: { recurrent?: boolean } = {}) {
  await page.fill('#cedula', cedula);
  if (options.recurrent) await page.check('#recurrent');
  await page.focus('#cedula');
  await page.keyboard.press('Enter');
}

export const visible = (page: Page, selector: string, timeout = 15_000) =>
  page.waitForSelector(`${selector}:not([hidden])`, { state: 'visible', timeout });

/** The id of the element that has the focus (a string expression: tests compile without the DOM types). */
export const focusedId = (page: Page) =>
  page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

/** Waits until the element's text starts with `prefix`. */
export const textStartsWith = (page: Page, selector: string, prefix: string, timeout = 15_000) =>
  page.waitForFunction(
    ([selector, prefix]) =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
      ).document
        .querySelector(selector!)
        ?.textContent.startsWith(prefix!) ?? false,
    [selector, prefix],
    { timeout },
  );

/** The employer names of the employers table, in order. */
export const employerRows = (page: Page) =>
  page.locator('#employers-table tbody th[scope="row"]').allInnerTexts();

/** The page's accessibility violations of impact serious or critical, by axe-core (rule id: count). */
export async function seriousViolations(page: Page): Promise<Record<string, number>> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return Object.fromEntries(
    violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => [violation.id, violation.nodes.length]),
  );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}
