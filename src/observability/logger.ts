import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  'gross',
  'net',
  'amount',
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

export function createLogger(
  level: string,
  destination?: DestinationStream,
  format: 'json' | 'pretty' = 'json',
): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined };
  if (format === 'pretty' && !destination) {
    // Redaction happens before the line reaches pino-pretty: a terminal shows no more than JSON would.
    // Synchronous, in this thread: a worker-thread transport would lose the last lines on exit.
    return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  return pino(options, destination);
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
