import type { DemoOptions } from './options.js';
import { DemoError, describeError, seconds, type Employment, type GraphqlError } from './text.js';

// linkEvents, not historicalUpdate: a link that fails (LinkError) or is deleted (LinkDeleted)
// never sends its data, and only linkEvents says so; waiting on data alone waits until the timeout.
export const FOLLOW_LINK = /* GraphQL */ `
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
            tenureMonths
          }
          salaryAndBenefitDetails {
            month
            gross {
              amount
              currency
            }
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

type LinkEvent =
  | { __typename: 'EmploymentsHistoricalUpdate'; employments: Employment[] }
  | { __typename: 'OwnersHistoricalUpdate'; owners: Array<{ displayName: string | null }> }
  | { __typename: 'LinkError'; reason: string; errorCode: string | null }
  | { __typename: 'LinkDeleted' }
  | { __typename: 'NewEmploymentsAvailable' | 'NewOwnersAvailable' };

/** What a LinkError's reason means for the person running the demo. */
const LINK_ERROR_ADVICE: Record<string, string> = {
  INVALID_CREDENTIALS:
    'the institution refused the cédula, so Belvo marked the link INVALID and will extract nothing. Try another cédula (the embedded simulator refuses those starting 666, 777, 888 or 999)',
  TOKEN_REQUIRED:
    'the institution asks for a token (MFA), so the link needs its user again. Create the link again',
};

/** Following the link until both historical updates are in: its data, or why it will not come. */
export async function waitForBoth(options: DemoOptions, linkId: string, started: number) {
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
        reject(noWebhookError(got, options.timeoutMs));
      }, options.timeoutMs);
      const stop = options.ws.subscribe<{ linkEvents: LinkEvent }>(
        { query: FOLLOW_LINK, variables: { linkId } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) return fail(errors as GraphqlError[]);
            const event = data?.linkEvents;
            if (event?.__typename === 'EmploymentsHistoricalUpdate') got.employments = event.employments;
            if (event?.__typename === 'OwnersHistoricalUpdate') got.owners = event.owners;
            const problem = event && endOfWait(event, started);
            if (problem) return fail(problem);
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

/** A LinkError or LinkDeleted ends the wait: the data will not come. */
function endOfWait(event: LinkEvent, started: number): DemoError | undefined {
  if (event.__typename === 'LinkError') {
    const advice = LINK_ERROR_ADVICE[event.reason] ?? 'Belvo cannot use the link. Create it again';
    return new DemoError(
      `Belvo reported a LinkError (${event.reason}${event.errorCode ? `, ${event.errorCode}` : ''}) after ${seconds(Date.now() - started)}: ${advice}.`,
    );
  }
  if (event.__typename === 'LinkDeleted') {
    return new DemoError(
      'The link was deleted (LinkDeleted) before its data arrived: someone called deleteLink, or Belvo removed it. Run the demo again to create a new one.',
    );
  }
  return undefined;
}

function noWebhookError(got: { employments?: unknown; owners?: unknown }, timeoutMs: number): DemoError {
  const missing = [!got.employments && 'EMPLOYMENTS', !got.owners && 'OWNERS'].filter(Boolean).join(' and ');
  return new DemoError(
    `No ${missing} historical_update webhook after ${seconds(timeoutMs)}, and no LinkError either. Is Belvo (or the simulator) able to reach the gateway's webhook route? With REDIS_URL set, is Redis up (see the gateway's /readyz)?`,
  );
}
