import type { Client } from 'graphql-ws';

export interface DemoOptions {
  gatewayUrl: string;
  cedula: string;
  timeoutMs: number;
  /** graphql-ws client for the gateway's `/graphql` WebSocket. */
  ws: Client;
  /** Extra HTTP headers, e.g. the API key. */
  headers?: Record<string, string>;
  print: (line: string) => void;
  /** Rewrites one progress line in place on a terminal; prints every few seconds otherwise. */
  interactive?: boolean;
}

const CREATE_LINK = /* GraphQL */ `
  mutation DemoCreateLink($cedula: String!) {
    createLink(input: { cedula: $cedula, externalId: "demo_client" }) {
      id
      status
    }
  }
`;

// linkEvents, not historicalUpdate: a link that fails (LinkError) or is deleted (LinkDeleted)
// never sends its data, and only linkEvents says so; waiting on data alone waits until the timeout.
const FOLLOW_LINK = /* GraphQL */ `
  subscription DemoFollowLink($linkId: UUID!) {
    linkEvents(linkId: $linkId) {
      __typename
      ... on LinkError {
        reason
        errorCode
      }
      ... on EmploymentsHistoricalUpdate {
        employments {
          employerData {
            name
            idType
            idNumber
            tenure
          }
          salaryAndBenefitDetails {
            month
            grossAmount
          }
        }
      }
      ... on OwnersHistoricalUpdate {
        owners {
          displayName
        }
      }
    }
  }
`;

interface Employment {
  employerData: {
    name: string | null;
    idType: string | null;
    idNumber: string | null;
    tenure: number | null;
  } | null;
  salaryAndBenefitDetails: Array<{ month: string | null; grossAmount: number | null }>;
}

type LinkEvent =
  | { __typename: 'EmploymentsHistoricalUpdate'; employments: Employment[] }
  | { __typename: 'OwnersHistoricalUpdate'; owners: Array<{ displayName: string | null }> }
  | { __typename: 'LinkError'; reason: string; errorCode: string | null }
  | { __typename: 'LinkDeleted' }
  | { __typename: 'NewEmploymentsAvailable' | 'NewOwnersAvailable' };

/** The demo's failures: `message` says what happened and what to do; printed as is. */
export class DemoError extends Error {
  override name = 'DemoError';
}

/** What a LinkError's reason means for the person running the demo. */
const LINK_ERROR_ADVICE: Record<string, string> = {
  INVALID_CREDENTIALS:
    'the institution refused the cédula, so Belvo marked the link INVALID and will extract nothing. Try another cédula (the embedded simulator refuses those starting 666, 777, 888 or 999)',
  TOKEN_REQUIRED:
    'the institution asks for a token (MFA), so the link needs its user again. Create the link again',
};

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
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
  const created = await httpGraphql<{ createLink: { id: string; status: string } }>(
    options.gatewayUrl,
    options.headers ?? {},
    CREATE_LINK,
    {
      cedula: options.cedula,
    },
  );
  const linkId = created.createLink.id;
  print(`   link ${linkId} (${created.createLink.status})`);

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
  for (const employment of employments) print(`   · ${describe(employment)}`);
}

async function waitForBoth(options: DemoOptions, linkId: string, started: number) {
  const got: { employments?: Employment[]; owners?: Array<{ displayName: string | null }> } = {};
  const status = () =>
    `   ${seconds(Date.now() - started)} · employments: ${got.employments ? '✓' : 'waiting'} · owners: ${got.owners ? '✓' : 'waiting'}`;
  const progress = setInterval(
    () => {
      if (options.interactive) process.stdout.write(`\r${status()}`);
      else options.print(status());
    },
    options.interactive ? 250 : 5_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => {
        stop();
        const missing = [!got.employments && 'EMPLOYMENTS', !got.owners && 'OWNERS']
          .filter(Boolean)
          .join(' and ');
        reject(
          new DemoError(
            `No ${missing} historical_update webhook after ${seconds(options.timeoutMs)}, and no LinkError either. Is Belvo (or the simulator) able to reach the gateway's webhook route? With REDIS_URL set, is Redis up (see the gateway's /readyz)?`,
          ),
        );
      }, options.timeoutMs);
      const stop = options.ws.subscribe<{ linkEvents: LinkEvent }>(
        { query: FOLLOW_LINK, variables: { linkId } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) return fail(errors as GraphqlError[]);
            const event = data?.linkEvents;
            if (event?.__typename === 'EmploymentsHistoricalUpdate') got.employments = event.employments;
            if (event?.__typename === 'OwnersHistoricalUpdate') got.owners = event.owners;
            if (event?.__typename === 'LinkError') {
              const advice = LINK_ERROR_ADVICE[event.reason] ?? 'Belvo cannot use the link. Create it again';
              return fail(
                new DemoError(
                  `Belvo reported a LinkError (${event.reason}${event.errorCode ? `, ${event.errorCode}` : ''}) after ${seconds(Date.now() - started)}: ${advice}.`,
                ),
              );
            }
            if (event?.__typename === 'LinkDeleted') {
              return fail(
                new DemoError(
                  'The link was deleted (LinkDeleted) before its data arrived: someone called deleteLink, or Belvo removed it. Run the demo again to create a new one.',
                ),
              );
            }
            if (got.employments && got.owners) finish();
          },
          error: (error) => fail(error),
          complete: () => fail(new DemoError('The subscription ended before both extractions arrived')),
        },
      );
      const finish = () => {
        clearTimeout(timeout);
        stop();
        resolve();
      };
      const fail = (error: unknown) => {
        clearTimeout(timeout);
        stop();
        reject(new Error(describeError(error)));
      };
    });
  } finally {
    clearInterval(progress);
    if (options.interactive) process.stdout.write(`\r${status()}\n`);
    else options.print(status());
  }
  return got;
}

/**
 * A gateway whose Redis or Belvo is failing takes the link but never pushes its data: say so
 * before waiting, with the gateway's own reasons. Silent when /readyz cannot be read.
 */
async function warnIfNotReady(options: DemoOptions): Promise<void> {
  try {
    const response = await fetch(`${options.gatewayUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
    const readiness = (await response.json()) as { status?: string; reasons?: Record<string, string> };
    if (readiness.status === 'ready' || !readiness.status) return;
    const reasons = Object.entries(readiness.reasons ?? {})
      .map(([name, reason]) => `${name}: ${reason}`)
      .join('; ');
    options.print(
      `   note: the gateway is ${readiness.status}${reasons ? ` (${reasons})` : ''}; its webhooks or data may not come until that is fixed`,
    );
  } catch {
    // An older gateway, or none at all: the createLink call says which.
  }
}

async function httpGraphql<T>(
  gatewayUrl: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new DemoError(
      `Cannot reach the gateway at ${gatewayUrl}; start it with npm start (or set GATEWAY_URL to where it runs)`,
    );
  }
  if (response.status === 404) {
    throw new DemoError(`${gatewayUrl}/graphql answered 404: is GATEWAY_URL the gateway's address?`);
  }
  let body: { data?: T; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new DemoError(
      `${gatewayUrl}/graphql did not answer JSON (HTTP ${response.status}): is it the gateway?`,
    );
  }
  if (body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    throw new Error(`${describeError(body.errors)}; set DEMO_API_KEY`);
  }
  if (body.errors?.length || !body.data) throw new Error(describeError(body.errors));
  return body.data;
}

function describe(employment: Employment): string {
  const employer = employment.employerData;
  const latest = [...employment.salaryAndBenefitDetails]
    .filter((row) => row.month)
    .sort((a, b) => (b.month ?? '').localeCompare(a.month ?? ''))[0];
  const salary =
    latest?.grossAmount != null
      ? `latest salary ${latest.month}: ${new Intl.NumberFormat('es-CO', { style: 'currency', currency: 'COP', maximumFractionDigits: 0 }).format(latest.grossAmount)}`
      : 'no salary rows';
  const tenure = employer?.tenure != null ? `${employer.tenure} months` : 'tenure unknown';
  return `${employer?.name ?? 'unnamed employer'} (${employer?.idType ?? '?'} ${employer?.idNumber ?? '?'}) · ${tenure} · ${salary}`;
}

function describeError(error: unknown): string {
  if (Array.isArray(error)) {
    return error
      .map((item: GraphqlError) => `${item.extensions?.code ?? 'ERROR'}: ${item.message}`)
      .join('; ');
  }
  if (error instanceof Error) return error.message;
  const code = (error as { code?: number } | null)?.code;
  if (code === 4403) return 'The gateway refused the WebSocket credentials; set DEMO_API_KEY';
  return 'The WebSocket connection failed; is the gateway running?';
}

/**
 * The cédula is personal data: show just enough to recognise it — the last four digits of a
 * well-formed one, nothing of anything else (a typo may be someone's whole number).
 */
export const mask = (cedula: string) =>
  CEDULA.test(cedula)
    ? `${'•'.repeat(cedula.length - 4)}${cedula.slice(-4)}`
    : '•'.repeat(Math.min(cedula.length, 10) || 1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
