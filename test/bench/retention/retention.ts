import pg from 'pg';
import { openStore } from '../../../src/store/store.js';
import { freshDatabaseUrl } from '../../support/database.js';
import { fillEventLog, linkIdOf } from '../../support/event-log-fill.js';

export interface RetentionPlan {
  events: number;
  links: number;
  /** Replays timed, one after another, each of a random link. */
  replays: number;
}

export interface RetentionResults {
  plan: RetentionPlan;
  /** The log's size on disk after the fill (table and indexes), in MB. */
  logMegabytes: number;
  fillSeconds: number;
  /** The oldest of the month's 30 days, pruned (what an hourly prune does over a day). */
  prunedEvents: number;
  pruneSeconds: number;
  /** The same prune again, with nothing left to delete but the kept notices in its range. */
  idlePruneMs: number;
  replayP50Ms: number;
  replayP99Ms: number;
  /** A resume: the events after a cursor in the middle of the link's month. */
  resumeP50Ms: number;
}

const DAY_MS = 24 * 60 * 60_000;
const DAYS = 30;

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Retention at a large lender's scale, on a PostgreSQL database of its own: the event log filled
 * with a month of events (5 million of 500,000 links in a full run), then a day's prune and replays
 * of single links timed through the gateway's own store.
 */
export async function measureRetention(plan: RetentionPlan, log: (line: string) => void) {
  const url = await freshDatabaseUrl();
  const store = await openStore({ kind: 'postgres', url, poolSize: 4, acquireTimeoutMs: 10_000 });
  const reader = new pg.Client({ connectionString: url });
  await reader.connect();
  try {
    const now = new Date();
    log(`  retention: filling the log with ${plan.events} events of ${plan.links} links`);
    let started = performance.now();
    await fillEventLog(url, { events: plan.events, links: plan.links, days: DAYS, now });
    const fillSeconds = (performance.now() - started) / 1000;
    const { rows } = await reader.query<{ bytes: string }>(
      `select pg_total_relation_size('link_events') as bytes`,
    );
    const logMegabytes = Number(rows[0]!.bytes) / 2 ** 20;

    log('  retention: pruning the oldest day');
    const cutoff = new Date(now.getTime() - (DAYS - 1) * DAY_MS);
    started = performance.now();
    const prunedEvents = await store.events.prune(cutoff);
    const pruneSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await store.events.prune(cutoff);
    const idlePruneMs = performance.now() - started;

    log(`  retention: ${plan.replays} replays and resumes of single links`);
    // Untimed: the first queries plan and warm the connections.
    for (let n = 0; n < 20; n++) await store.events.list(linkIdOf(n));
    const replays: number[] = [];
    const resumes: number[] = [];
    for (let n = 0; n < plan.replays; n++) {
      const linkId = linkIdOf(Math.floor(Math.random() * plan.links));
      started = performance.now();
      const events = await store.events.list(linkId);
      replays.push(performance.now() - started);
      const middle = events[Math.floor(events.length / 2)];
      if (!middle) continue;
      started = performance.now();
      await store.events.list(linkId, middle.cursor);
      resumes.push(performance.now() - started);
    }
    replays.sort((a, b) => a - b);
    resumes.sort((a, b) => a - b);
    const results: RetentionResults = {
      plan,
      logMegabytes,
      fillSeconds,
      prunedEvents,
      pruneSeconds,
      idlePruneMs,
      replayP50Ms: percentile(replays, 0.5),
      replayP99Ms: percentile(replays, 0.99),
      resumeP50Ms: percentile(resumes, 0.5),
    };
    return results;
  } finally {
    await reader.end();
    await store.close();
  }
}
