import { z } from 'zod';

/*
 * The webhook envelope Belvo POSTs (docs/belvo-contract.md, "Webhooks"), declared once beside its
 * REST bodies (schemas.ts): the gateway's webhook route parses what arrives with it
 * (webhooks/envelope.ts), and the simulator's webhooks are of its type.
 *
 * As tolerant as the REST schemas where Belvo may change things: unknown keys are accepted (and
 * dropped), `process_type`, `request_id` and `external_id` may be missing or null, and any type and
 * code of the right shape passes (an unknown pair is logged, not refused). Strict where a value
 * becomes a key or a name: ids and names of their shape, `data` a JSON object. Each field's
 * message says what it must be; `envelopeProblem` makes the sender's reason of the first one.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Belvo sends 32 hex digits. Other tame ids are accepted (a redelivery must still deduplicate; the
 * webhook route keeps them only as a hash); anything else is refused.
 */
const WEBHOOK_ID = /^[A-Za-z0-9_-]{8,64}$/;
const NAME = /^[A-Za-z0-9_]{1,64}$/;

const shaped = (pattern: RegExp, expected: string) =>
  z.string({ error: expected }).regex(pattern, { error: expected });
/** Missing or null reads as null; any string passes here, its shape is judged where it is kept. */
const optionalText = z.string({ error: 'a string or null' }).nullable().default(null);
const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Key order is the order problems are reported in.
export const webhookEnvelopeSchema = z.object(
  {
    webhook_id: shaped(WEBHOOK_ID, '8–64 letters, digits, "-" or "_"'),
    webhook_type: shaped(NAME, 'a name like EMPLOYMENTS'),
    webhook_code: shaped(NAME, 'a name like historical_update'),
    link_id: shaped(UUID, 'a UUID'),
    // Missing or null is `{}` (a `link_deleted` carries nothing). Kept as sent, not copied.
    data: z
      .custom<Record<string, unknown>>(isJsonObject, { error: 'a JSON object' })
      .nullish()
      .transform((data) => data ?? {}),
    process_type: optionalText,
    request_id: optionalText,
    external_id: optionalText,
  },
  { error: 'the body must be a JSON object' },
);

export type WebhookEnvelope = z.output<typeof webhookEnvelopeSchema>;

/** The first problem of a failed parse, for the sender: "link_id must be a UUID". */
export function envelopeProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'the body is not a webhook envelope';
  const field = issue.path.map(String).join('.');
  return field ? `${field} must be ${issue.message}` : issue.message;
}
