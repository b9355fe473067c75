import { belvoExternalId, belvoName, belvoRequestId, belvoWebhookId } from '../belvo/contract/identifiers.js';
import { envelopeProblem, webhookEnvelopeSchema } from '../belvo/contract/webhook.js';
import type { LinkEventKind } from '../store/link-event.js';
import { safeLabel } from './safe-label.js';

/** A webhook body that is not a Belvo envelope; the reason goes back to the sender in a 400. */
export class InvalidEnvelopeError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidEnvelopeError';
  }
}

/**
 * What the gateway keeps of a webhook. Belvo's text fields are kept only in the shape the contract
 * gives them (belvo/contract/identifiers.ts), since every one is stored, logged or pushed: a value
 * of another shape reads as null (the webhook is still accepted), and `data.error_message`, Belvo's
 * prose, is never read. A field of the wrong JSON type is a malformed envelope.
 */
export interface ParsedEnvelope {
  /** Belvo's webhook id as sent (32 hex digits or a UUID); any other accepted id only as a hash. */
  webhookId: string;
  /**
   * Belvo's type and code. For a pair this gateway does not know they are only logged, and a
   * sender may put anything there: they hold `safeLabel`s then (the value, or its hash), never
   * the text as sent.
   */
  webhookType: string;
  webhookCode: string;
  linkId: string;
  /** Null unless a Belvo name such as `historical_update`. */
  processType: string | null;
  /** Null unless 32 hex digits or a UUID. */
  requestId: string | null;
  /** Null unless 3–256 of `[A-Za-z0-9_-]`, the contract's pattern. */
  externalId: string | null;
  data: Record<string, unknown>;
  /** Undefined for a type/code pair this gateway does not know: accepted, logged, not fanned out. */
  kind: LinkEventKind | undefined;
  /** The `data` key holding the event's count, for kinds that have one. */
  countKey: string | undefined;
}

const KNOWN: Record<string, { kind: LinkEventKind; countKey?: string }> = {
  'EMPLOYMENTS/historical_update': { kind: 'EMPLOYMENTS_HISTORICAL_UPDATE', countKey: 'total_employments' },
  'EMPLOYMENTS/new_employments_available': { kind: 'NEW_EMPLOYMENTS_AVAILABLE', countKey: 'new_employments' },
  'OWNERS/historical_update': { kind: 'OWNERS_HISTORICAL_UPDATE', countKey: 'total_owners' },
  'OWNERS/new_owners_available': { kind: 'NEW_OWNERS_AVAILABLE', countKey: 'new_owners' },
  'LINK/invalid_credentials': { kind: 'LINK_ERROR' },
  'LINK/token_required': { kind: 'LINK_ERROR' },
  'LINK/link_deleted': { kind: 'LINK_DELETED' },
};

/** Checks a parsed JSON body against the webhook envelope of the contract (belvo/contract/webhook.ts). */
export function parseEnvelope(body: unknown): ParsedEnvelope {
  const parsed = webhookEnvelopeSchema.safeParse(body);
  if (!parsed.success) throw new InvalidEnvelopeError(envelopeProblem(parsed.error));
  const envelope = parsed.data;
  const known = KNOWN[`${envelope.webhook_type}/${envelope.webhook_code}`];
  return {
    webhookId: belvoWebhookId(envelope.webhook_id),
    webhookType: known ? envelope.webhook_type : safeLabel(envelope.webhook_type),
    webhookCode: known ? envelope.webhook_code : safeLabel(envelope.webhook_code),
    linkId: envelope.link_id.toLowerCase(),
    processType: belvoName(envelope.process_type),
    requestId: belvoRequestId(envelope.request_id),
    externalId: belvoExternalId(envelope.external_id),
    data: envelope.data,
    kind: known?.kind,
    countKey: known?.countKey,
  };
}

/** The event's count from `data`; a wrong type is a malformed envelope, absence is null. */
export function countOf(envelope: ParsedEnvelope): number | null {
  if (!envelope.countKey) return null;
  const value = envelope.data[envelope.countKey];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidEnvelopeError(`data.${envelope.countKey} must be a whole number ≥ 0`);
  }
  return value;
}

/**
 * For LINK errors: the reason (the webhook code) and Belvo's `error_code` when it is one. Belvo's
 * `error_message` is left unread: it is prose that may name the person, and it would be stored and
 * pushed. Clients get the gateway's own words for the code instead (resources/events).
 */
export function linkErrorOf(envelope: ParsedEnvelope): { reason: string; code: string | null } {
  return { reason: envelope.webhookCode, code: belvoName(envelope.data.error_code) };
}
