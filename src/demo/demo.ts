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

const WAIT_FOR_DATA = /* GraphQL */ `
  subscription DemoWaitForData($linkId: UUID!) {
    historicalUpdate(linkId: $linkId) {
      __typename
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

type HistoricalUpdate =
  | { __typename: 'EmploymentsHistoricalUpdate'; employments: Employment[] }
  | { __typename: 'OwnersHistoricalUpdate'; owners: Array<{ displayName: string | null }> };

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { print } = options;
  print(`Belvo employments gateway demo · ${options.gatewayUrl}/graphql`);

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

  print('2. Waiting for Belvo to extract the data (WebSocket subscription historicalUpdate)…');
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
        reject(
          new Error(
            `No data after ${seconds(options.timeoutMs)}; is Belvo (or the simulator) sending webhooks?`,
          ),
        );
      }, options.timeoutMs);
      const stop = options.ws.subscribe<{ historicalUpdate: HistoricalUpdate }>(
        { query: WAIT_FOR_DATA, variables: { linkId } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) return fail(errors as GraphqlError[]);
            const update = data?.historicalUpdate;
            if (update?.__typename === 'EmploymentsHistoricalUpdate') got.employments = update.employments;
            if (update?.__typename === 'OwnersHistoricalUpdate') got.owners = update.owners;
            if (got.employments && got.owners) finish();
          },
          error: (error) => fail(error),
          complete: () => fail(new Error('The subscription ended before both extractions arrived')),
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
    throw new Error(`Cannot reach the gateway at ${gatewayUrl}; start it with npm start`);
  }
  const body = (await response.json()) as { data?: T; errors?: GraphqlError[] };
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

/** The cédula is personal data: show just enough to recognise it. */
const mask = (cedula: string) => `${'•'.repeat(Math.max(0, cedula.length - 4))}${cedula.slice(-4)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
