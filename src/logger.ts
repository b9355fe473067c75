import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Paths that could carry personal data or secrets are censored even if a
 * careless call site passes them in; call sites log ids and codes, never people.
 */
const SENSITIVE_KEYS = [
  // who the person is
  'username',
  'cedula',
  'display_name',
  'first_name',
  'last_name',
  'second_last_name',
  'document_number',
  'documentNumber',
  'displayName',
  // what they earn
  'gross_amount',
  'net_amount',
  'grossAmount',
  'netAmount',
  'salary_and_benefit_details',
  'salaryAndBenefitDetails',
  // secrets
  'authorization',
  'x-api-key',
  'apiKey',
  'password',
  'secretPassword',
  'secretId',
  'token',
];

/** Each key at the top level, one level down, and inside request headers. */
export const REDACTED_PATHS = [
  ...SENSITIVE_KEYS.map((key) => (key.includes('-') ? `["${key}"]` : key)),
  ...SENSITIVE_KEYS.map((key) => (key.includes('-') ? `*["${key}"]` : `*.${key}`)),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined },
    destination,
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
