/** The system of record: PostgreSQL, or PGlite in process; and how long what it keeps stays. */
import { z } from 'zod';
import type { Mode } from './belvo.js';
import { ConfigError } from './env.js';
import { Refusal, custom, int } from './setting.js';

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** What `DATABASE_URL` names: PostgreSQL, or PGlite in process (in memory, or a directory). */
type DatabaseUrl = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | undefined };

/** `postgres://…` (real deployments, many instances), `pglite:<directory>`, or `pglite:memory`. */
function databaseUrl(raw: string): DatabaseUrl {
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new Refusal('is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: raw };
  }
  const pglite = /^pglite:(.+)$/.exec(raw);
  if (!pglite) throw new Refusal('must be postgres://…, pglite:<directory> or pglite:memory');
  return { kind: 'pglite', dataDir: pglite[1] === 'memory' ? undefined : pglite[1] };
}

const state = z.object({
  databaseUrl: custom(
    'DATABASE_URL',
    databaseUrl,
    { secret: true, shown: '`pglite:memory` in embedded mode; required in real mode' },
    'the system of record: `postgres://…` (many instances), `pglite:<directory>` (one process, kept across restarts), `pglite:memory` (embedded only, lost on exit)',
  ),
  poolSize: int(
    'DATABASE_POOL_SIZE',
    { default: 10, min: 1, max: 200 },
    'PostgreSQL connections per instance',
  ),
  acquireTimeoutMs: int(
    'DATABASE_ACQUIRE_TIMEOUT_MS',
    { default: 1_000, min: 50, max: 60_000 },
    'how long an operation waits for a PostgreSQL connection (all in use, or the server not answering) before failing as `UNAVAILABLE` (a webhook: 503)',
  ),
  eventRetentionMs: int(
    'EVENT_RETENTION_DAYS',
    { default: 30, min: 1, max: 3650, scale: DAY_MS },
    'how long webhook events stay replayable and resumable (`afterCursor`)',
  ),
  idempotencyKeyTtlMs: int(
    'IDEMPOTENCY_KEY_TTL_HOURS',
    { default: 24, min: 24, max: 24 * 365, scale: HOUR_MS },
    'how long a `createLink` idempotency key answers with its link (at least 24)',
  ),
  pruneIntervalMs: int(
    'PRUNE_INTERVAL_MS',
    { default: HOUR_MS, min: 1_000, max: DAY_MS },
    'how often each instance prunes events and keys past their retention',
  ),
  eventFoldWindowMs: int(
    'EVENT_FOLD_WINDOW_MS',
    { default: 60_000, min: 0, max: HOUR_MS },
    "a webhook identical to its link's latest event (all but its id) within this window is acknowledged as `folded`: not recorded or pushed again; 0 turns folding off",
  ),
  maxEventsPerLinkPerMinute: int(
    'EVENT_MAX_PER_LINK_PER_MINUTE',
    { default: 60, min: 0, max: 1_000_000 },
    'events recorded per link per minute; beyond it a webhook is answered 429 with `Retry-After` (Belvo delivers it again); 0: no cap',
  ),
});

export const stateSettings = { state };

const LOCKED_OUT = 'a restart would lock every tenant out of its links';

/**
 * Unset, `DATABASE_URL` is `pglite:memory` in embedded mode; real mode needs a database that
 * outlives the process, or a restart would lock every tenant out of its links.
 */
export function resolveState(
  { databaseUrl, poolSize, acquireTimeoutMs, ...retention }: z.infer<typeof state>,
  mode: Mode,
) {
  if (mode === 'real' && databaseUrl === undefined) {
    throw new ConfigError(
      'DATABASE_URL',
      `is required in real mode (postgres://… or pglite:<directory>): on in-memory state ${LOCKED_OUT}`,
    );
  }
  const url: DatabaseUrl = databaseUrl ?? { kind: 'pglite', dataDir: undefined };
  if (url.kind === 'pglite' && !url.dataDir && mode === 'real') {
    throw new ConfigError(
      'DATABASE_URL',
      `is pglite:memory in real mode: ${LOCKED_OUT}; use postgres://… or pglite:<directory>`,
    );
  }
  const database = url.kind === 'postgres' ? { ...url, poolSize, acquireTimeoutMs } : url;
  return { database, ...retention };
}

export type StateConfig = ReturnType<typeof resolveState>;
export type DatabaseConfig = StateConfig['database'];
