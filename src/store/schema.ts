import type { ColumnType, Generated } from 'kysely';

/**
 * The gateway's system of record, as Kysely sees it. Only ids, codes, counts, dates and the
 * client's own external id: no cédula, name or amount is ever written here.
 */
export interface Database {
  links: LinksTable;
  link_events: LinkEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  log_horizon: LogHorizonTable;
  link_latest: LinkLatestTable;
  folded_webhooks: FoldedWebhooksTable;
  link_rates: LinkRatesTable;
}

/** bigint columns travel as strings: cursors outgrow JavaScript's safe integers in principle. */
type BigintColumn = ColumnType<string, string | undefined, string>;
/** A bigserial: numbered by the database, never written. */
type Serial = ColumnType<string, never, never>;

export interface LinksTable {
  link_id: string;
  principal_id: string;
  external_id: string | null;
  /** As last seen by the gateway (creation, reads, webhooks): what the `links` filters use. */
  access_mode: string | null;
  status: string | null;
  /** Belvo's `created_at`. */
  created_at: Date;
  /** Insertion order: the `links` cursor, newest first. */
  seq: Serial;
  /** When the link was deleted (its owner may still be told so); null while it exists. */
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface LinkEventsTable {
  /** Monotonic over all links; per link, in commit order (appends to one link are serialized). */
  cursor: Serial;
  webhook_id: string;
  link_id: string;
  kind: string;
  received_at: Date;
  process_type: string | null;
  request_id: string | null;
  external_id: string | null;
  count: number | null;
  error: ColumnType<LinkErrorColumn | null, string | null, string | null>;
  /** `YYYY-MM-DD`, for NEW_EMPLOYMENTS_AVAILABLE: the previous employments notification's day. */
  new_since: string | null;
  /** Set once the event reached the bus; a redelivery of an event never published publishes it. */
  published_at: Date | null;
  /** When the last attempt to publish began: a lease, so concurrent duplicates do not all publish. */
  claimed_at: Date;
  /** Which attempt holds that lease (one that lost its connection gives back only its own). */
  claimed_by: string | null;
  /** The link's latest employments notice (the start of its next new-employments range): kept past retention. */
  latest_notice: ColumnType<boolean, never, boolean>;
}

/**
 * Rows written before Belvo's `error_message` stopped being kept may still hold a `message` key;
 * it is never read back.
 */
export interface LinkErrorColumn {
  reason: string;
  code: string | null;
}

export interface IdempotencyKeysTable {
  principal_id: string;
  key: string;
  /** HMAC of the creation's input (the cédula included), so a different input under one key is refused. */
  fingerprint: string;
  /** The external id sent to Belvo, by which an interrupted creation can be found again. */
  external_id: string;
  link_id: string | null;
  /** When the creation was last attempted: a lease that a retry may take over once it passes. */
  claimed_at: Date;
  created_at: Generated<Date>;
}

/** Each link's latest event of each kind (it may since have been pruned). */
export interface LinkLatestTable {
  link_id: string;
  kind: string;
  cursor: BigintColumn;
  received_at: Date;
}

/** Webhooks folded into an identical earlier event of their link: a redelivery is a duplicate. */
export interface FoldedWebhooksTable {
  webhook_id: string;
  link_id: string;
  cursor: BigintColumn;
  received_at: Date;
}

/** Each link's events in the current window of its rate cap. */
export interface LinkRatesTable {
  link_id: string;
  window_started_at: Date;
  events: number;
}

/** One row: the highest cursor pruned so far, so a resume from before it is told it came too late. */
export interface LogHorizonTable {
  id: number;
  pruned_through: BigintColumn;
}
