import { waitForBoth } from './follow-link.js';
import { httpGraphql, warnIfNotReady } from './gateway-http.js';
import type { DemoOptions } from './options.js';
import { DemoError, describeEmployment, seconds } from './text.js';

export type { DemoOptions } from './options.js';
export { DemoError } from './text.js';

/** Exported for the test that every shipped operation is valid and current. */
export const CREATE_LINK = /* GraphQL */ `
  mutation DemoCreateLink($cedula: String!) {
    createLink(input: { cedula: $cedula, externalId: "demo_client" }) {
      link {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

interface CreateLinkAnswer {
  link: { id: string; status: string } | null;
  userErrors: Array<{ field: string[]; message: string }>;
}

/**
 * The gateway's base URL from what a user may paste: `127.0.0.1:4000`, `http://…:4000/`, or the
 * `…/graphql` URL the startup banner prints.
 */
export function normalizeGatewayUrl(raw: string): string {
  let text = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DemoError(`GATEWAY_URL is not a URL: expected something like http://127.0.0.1:4000`);
  }
  if (url.protocol === 'ws:') url.protocol = 'http:';
  if (url.protocol === 'wss:') url.protocol = 'https:';
  if (!['http:', 'https:'].includes(url.protocol)) {
    throw new DemoError(`GATEWAY_URL must be http:// or https://, got ${url.protocol}//`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return `${url.origin}${path}`;
}

/** The simulator and the gateway accept 6–10 ASCII digits; anything else is refused before Belvo. */
const CEDULA = /^\d{6,10}$/;

export async function runDemo(options: DemoOptions): Promise<void> {
  const { print } = options;
  print(`Belvo employments gateway demo · ${options.gatewayUrl}/graphql`);
  if (!CEDULA.test(options.cedula)) {
    throw new DemoError(
      `The cédula ${mask(options.cedula)} is not 6–10 digits (${options.cedula.length} characters given); pass one like: npm run demo -- 1020304050`,
    );
  }

  await warnIfNotReady(options);
  print(`1. Creating a link for cédula ${mask(options.cedula)} (HTTP mutation createLink)…`);
  const created = await httpGraphql<{ createLink: CreateLinkAnswer }>(
    options.gatewayUrl,
    options.headers ?? {},
    CREATE_LINK,
    {
      cedula: options.cedula,
    },
  );
  const { link, userErrors } = created.createLink;
  if (!link) {
    const said = userErrors.map((error) => `${error.field.join('.')}: ${error.message}`).join('; ');
    throw new DemoError(`The gateway refused the input (${said}). Try another cédula.`);
  }
  const linkId = link.id;
  print(`   link ${linkId} (${link.status})`);

  print('2. Following the link (WebSocket subscription linkEvents)…');
  print(
    "   waiting for Belvo's webhooks: EMPLOYMENTS and OWNERS historical_update (about 15 s; a LinkError or LinkDeleted ends the wait)",
  );
  const started = Date.now();
  const updates = await waitForBoth(options, linkId, started);

  const employments = updates.employments ?? [];
  const owner = updates.owners?.[0]?.displayName ?? 'unknown';
  print(`3. Summary after ${seconds(Date.now() - started)}`);
  print(`   Owner:     ${owner}`);
  print(`   Employers: ${employments.length}`);
  for (const employment of employments) print(`   · ${describeEmployment(employment)}`);
}

/**
 * The cédula is personal data: show just enough to recognise it — the last four digits of a
 * well-formed one, nothing of anything else (a typo may be someone's whole number).
 */
export const mask = (cedula: string) =>
  CEDULA.test(cedula)
    ? `${'•'.repeat(cedula.length - 4)}${cedula.slice(-4)}`
    : '•'.repeat(Math.min(cedula.length, 10) || 1);
