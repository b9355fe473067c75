import { createHash } from 'node:crypto';

/*
 * The short strings Belvo sends beside its data — request ids, webhook ids, codes, field names, the
 * echoed `external_id` — are kept, stored and passed on only when they have the shape the contract
 * gives them. Anything else is dropped (null), never quoted: a slot meant for an id or a code can
 * carry free text, and free text from Belvo can name the person (a cédula, a name). Belvo's own
 * prose (`message`, `error_message`) is never read at all.
 */

const HEX_32 = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Belvo's codes and field names: lower-case words joined by `_` (`login_error`, `too_many_sessions`,
 * `fetch_resources`, `created_at__range`). No digits, no spaces: a cédula or a name written as
 * text never fits.
 */
const NAME = /^[a-z]+(?:__?[a-z]+)*$/;
const MAX_NAME = 64;
/** The contract's pattern for `external_id`: the caller's own reference. */
const EXTERNAL_ID = /^[A-Za-z0-9_-]{3,256}$/;

/** Belvo's `request_id`: 32 hex digits (error bodies) or a UUID (webhook examples); otherwise null. */
export function belvoRequestId(value: unknown): string | null {
  return typeof value === 'string' && (HEX_32.test(value) || UUID.test(value)) ? value : null;
}

/** A Belvo code or field name as sent, when it looks like one; otherwise null. */
export function belvoName(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_NAME && NAME.test(value) ? value : null;
}

/** An `external_id` within the contract's pattern (3–256 of `[A-Za-z0-9_-]`); otherwise null. */
export function belvoExternalId(value: unknown): string | null {
  return typeof value === 'string' && EXTERNAL_ID.test(value) ? value : null;
}

/**
 * A webhook id as the event's key: Belvo's own (32 hex digits, or a UUID) as sent; any other value
 * only as a hash of it, which still deduplicates redeliveries but shows nothing of what was sent.
 */
export function belvoWebhookId(value: string): string {
  if (HEX_32.test(value) || UUID.test(value)) return value;
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}
