import { createHash } from 'node:crypto';

/**
 * Belvo's own names: an upper-case type (`EMPLOYMENTS`, `LINK`) or a lower-case snake_case code
 * (`historical_update`). No digits: a cédula or an account number never looks like one.
 */
const BELVO_NAME = /^(?:[A-Z]{2,24}|[a-z]{2,24}(?:_[a-z]{2,24}){1,4})$/;
const MAX_SHOWN = 40;

/**
 * What may be logged of a webhook's type or code that this gateway does not know. A sender may
 * put anything there (a name, a document number), and logs keep it for years: a value shaped
 * like Belvo's own names is shown as is (short, letters and underscores only), anything else only
 * as a hash, enough to tell two occurrences apart and to match a value one already knows.
 */
export function safeLabel(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= MAX_SHOWN && BELVO_NAME.test(text)) return text;
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}
