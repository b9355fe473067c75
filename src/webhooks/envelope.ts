import type { LinkEventKind } from '../store/link-event.js';
import { safeLabel } from './safe-label.js';

/** A webhook body that is not a Belvo envelope; the reason goes back to the sender in a 400. */
export class InvalidEnvelopeError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidEnvelopeError';
  }
}

export interface ParsedEnvelope {
  webhookId: string;
  /**
   * Belvo's type and code. For a pair this gateway does not know they are only logged, and a
   * sender may put anything there: they hold `safeLabel`s then (the value, or its hash), never
   * the text as sent.
   */
  webhookType: string;
  webhookCode: string;
  linkId: string;
  processType: string | null;
  requestId: string | null;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Belvo sends 32 hex digits; a little slack, but the id becomes a store key, so it stays tame. */
const WEBHOOK_ID = /^[A-Za-z0-9_-]{8,64}$/;
const NAME = /^[A-Za-z0-9_]{1,64}$/;
const MAX_TEXT = 256;

/** Checks a parsed JSON body against the webhook envelope of the contract. */
export function parseEnvelope(body: unknown): ParsedEnvelope {
  if (!isObject(body)) throw new InvalidEnvelopeError('the body must be a JSON object');
  const webhookId = required(body, 'webhook_id', WEBHOOK_ID, '8–64 letters, digits, "-" or "_"');
  const webhookType = required(body, 'webhook_type', NAME, 'a name like EMPLOYMENTS');
  const webhookCode = required(body, 'webhook_code', NAME, 'a name like historical_update');
  const linkId = required(body, 'link_id', UUID, 'a UUID').toLowerCase();
  const data = body.data ?? {};
  if (!isObject(data)) throw new InvalidEnvelopeError('data must be a JSON object');
  const known = KNOWN[`${webhookType}/${webhookCode}`];
  return {
    webhookId,
    webhookType: known ? webhookType : safeLabel(webhookType),
    webhookCode: known ? webhookCode : safeLabel(webhookCode),
    linkId,
    processType: optionalText(body, 'process_type'),
    requestId: optionalText(body, 'request_id'),
    externalId: optionalText(body, 'external_id'),
    data,
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

/** For LINK errors, the reason and Belvo's error detail, each optional. */
export function linkErrorOf(envelope: ParsedEnvelope) {
  const text = (key: string) => {
    const value = envelope.data[key];
    return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
  };
  return { reason: envelope.webhookCode, code: text('error_code'), message: text('error_message') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function required(body: Record<string, unknown>, key: string, pattern: RegExp, expected: string): string {
  const value = body[key];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InvalidEnvelopeError(`${key} must be ${expected}`);
  }
  return value;
}

function optionalText(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw new InvalidEnvelopeError(`${key} must be a string of at most ${MAX_TEXT} characters, or null`);
  }
  return value;
}
