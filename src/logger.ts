import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Paths that could carry personal data or secrets are censored even if a
 * careless call site passes them in; call sites log ids and codes, never people.
 */
export const REDACTED_PATHS = [
  'username',
  'cedula',
  '*.username',
  '*.cedula',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secretPassword',
  '*.secretPassword',
  'password',
  '*.password',
  'display_name',
  '*.display_name',
  'document_number',
  '*.document_number',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined },
    destination,
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
