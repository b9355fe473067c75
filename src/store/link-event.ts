import { randomUUID } from 'node:crypto';

/**
 * A Belvo webhook the gateway understood, as it travels on the pub/sub bus and sits in the per-link
 * event log. Plain JSON on purpose: it crosses Redis.
 */
export const LINK_EVENT_KINDS = [
  'EMPLOYMENTS_HISTORICAL_UPDATE',
  'NEW_EMPLOYMENTS_AVAILABLE',
  'OWNERS_HISTORICAL_UPDATE',
  'NEW_OWNERS_AVAILABLE',
  'LINK_ERROR',
  'LINK_DELETED',
] as const;

export type LinkEventKind = (typeof LINK_EVENT_KINDS)[number];

export interface LinkEventRecord {
  /** Belvo's `webhook_id`: unique per event, the dedupe key. */
  id: string;
  /** The event's place in the log (a decimal integer): resume after it with `afterCursor`. */
  cursor: string;
  kind: LinkEventKind;
  linkId: string;
  /** ISO date-time at which the gateway accepted the webhook. */
  receivedAt: string;
  processType: string | null;
  requestId: string | null;
  externalId: string | null;
  /** `total_employments`, `new_employments`, `total_owners` or `new_owners`, when Belvo sent it. */
  count: number | null;
  /**
   * For LINK_ERROR: Belvo's webhook code (`invalid_credentials`, `token_required`) and its
   * `error_code`. Never Belvo's `error_message`: prose that may name the person.
   */
  error: { reason: string; code: string | null } | null;
  /**
   * For NEW_EMPLOYMENTS_AVAILABLE: the day of the previous employments notification for this link
   * (`YYYY-MM-DD`), the start of the contract's `created_at__range`; null when none is on record.
   */
  newSince: string | null;
}

/**
 * The deletion this gateway performed itself (`deleteLink` deletes synchronously, so Belvo sends no
 * webhook): recorded and announced like Belvo's `link_deleted`, so subscribers of the link are
 * told and end, and one resuming later is told too. The id cannot collide with a Belvo webhook id.
 */
export function deletedByGateway(
  linkId: string,
  externalId: string | null,
  at: Date,
): Omit<LinkEventRecord, 'cursor' | 'newSince'> {
  return {
    id: `gateway-delete-${randomUUID()}`,
    kind: 'LINK_DELETED',
    linkId,
    receivedAt: at.toISOString(),
    processType: null,
    requestId: null,
    externalId,
    count: null,
    error: null,
  };
}

/** Events after which nothing more can happen to the link: streams end after delivering one. */
export const isFinal = (event: LinkEventRecord) => event.kind === 'LINK_DELETED';

const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/**
 * Checks a record that crossed Redis. Anyone who can write to Redis can put anything on a link's
 * channel or list, so a value that is not a well-formed record answers null (and is dropped)
 * instead of throwing inside the Redis client's message handler, which would crash the process.
 */
export function asLinkEvent(value: unknown): LinkEventRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const event = value as Record<string, unknown>;
  const wellFormed =
    typeof event.id === 'string' &&
    typeof event.cursor === 'string' &&
    LINK_EVENT_KINDS.includes(event.kind as LinkEventKind) &&
    typeof event.linkId === 'string' &&
    typeof event.receivedAt === 'string' &&
    isStringOrNull(event.processType) &&
    isStringOrNull(event.requestId) &&
    isStringOrNull(event.externalId) &&
    isStringOrNull(event.newSince) &&
    (event.count === null || typeof event.count === 'number') &&
    (event.error === null ||
      (typeof event.error === 'object' && typeof (event.error as { reason?: unknown }).reason === 'string'));
  return wellFormed ? (event as unknown as LinkEventRecord) : null;
}
