/** The driver's side of the subscriber process: subscribe links, gather what was pushed. */
import { BENCH_API_KEY } from '../environment.js';
import { startWorker } from '../push/worker.js';

/** One push as a subscriber received it. */
export interface Push {
  link: string;
  /** On the machine's shared clock (worker.ts `now`). */
  at: number;
  /** The event's id (Belvo's webhook id), when the push has one. */
  id?: string;
  /** It carried the data the subscriber waits for. */
  data: boolean;
  /** `extensions.code` of each error (NO_CODE when an error has none). */
  codes: string[];
  /** The subscription was refused as it started (a graphql-ws `error` message). */
  refused?: boolean;
}

/** The README's wait for an extraction, with the data and each event's id to time it by. */
export const HISTORICAL_UPDATE = `subscription ($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate { id employments { id } }
    ... on OwnersHistoricalUpdate { id owners { id } }
  }
}`;

/** The one call after `createLink`: pushed once, with the link's data. */
export const LINK_READY = `subscription ($linkId: UUID!) {
  linkReady(linkId: $linkId) { outcome link { id employments { id } owners { id } } }
}`;

export type Subscribers = Awaited<ReturnType<typeof startSubscribers>>;

/** The process starts loading at once (a second or two): start it before the gateway it will subscribe to. */
export function startSubscribers() {
  const worker = startWorker('../budget/subscriber-process.ts');
  const gathered: Push[] = [];
  const failures: string[] = [];
  let failed = 0;
  let ended = 0;
  const collect = async () => {
    const batch = await worker.call<{
      pushes: Push[];
      failures: number;
      firstFailure?: string;
      ended: number;
    }>('collect');
    gathered.push(...batch.pushes);
    failed += batch.failures;
    ended += batch.ended;
    if (batch.firstFailure && failures.length < 3) failures.push(batch.firstFailure);
  };
  return {
    subscribe: (url: string, links: readonly string[], query: string) =>
      worker.call('subscribe', { url, apiKey: BENCH_API_KEY, query, links }, 120_000),
    /** Every push so far (gathered from the process until `done` says enough, or `timeoutMs` passed). */
    async until(done: (pushes: readonly Push[]) => boolean, timeoutMs: number): Promise<Push[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await collect();
        if (done(gathered) || Date.now() > deadline) return gathered;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    /** Socket failures: how many, and the first few. */
    failures: () => ({ count: failed, first: failures }),
    /** Subscriptions the server ended (`complete` or `error`) or whose socket closed, as of the last gathering. */
    ended: () => ended,
    stop: () => worker.stop(),
  };
}
