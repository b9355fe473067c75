import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from './logger.js';
import { RepeatedErrors } from './repeated-errors.js';

/**
 * Logs the OpenTelemetry SDK's failures to export spans, which it otherwise reports to nobody
 * (its diagnostic logger is silent unless set): with no collector answering, traces were lost
 * without a word. An export fails again every few seconds while the collector is away, so the
 * first failure is logged, then one line per interval with the number of failed exports since
 * (each one's spans are dropped). Only a code (ECONNREFUSED, HTTP 503) is logged: the SDK's own
 * message may quote what the collector answered. Answers the undo.
 */
export function logExportFailures(logger: Logger, summaryIntervalMs: number): () => void {
  const failures = new RepeatedErrors(logger, {
    subject: 'OpenTelemetry span export (spans of failed exports are dropped)',
    summaryIntervalMs,
  });
  const ignore = () => undefined;
  const sink: DiagLogger = {
    // The SDK's global error handler hands every export failure here, as an error flattened to
    // JSON; instrumentations' own complaints (a namespace, then prose) are not exports.
    error: (message: unknown) => {
      const code = failureCode(message);
      if (code) failures.failed('exporter', { code });
    },
    warn: ignore,
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
  diag.setLogger(sink, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
  return () => {
    failures.close();
    diag.disable();
  };
}

/**
 * ECONNREFUSED and its kin, `HTTP_503` for a collector's refusal, `EXPORT_FAILED` for another
 * flattened error; undefined when `message` is not one (the SDK flattens every property to a string).
 */
export function failureCode(message: unknown): string | undefined {
  let error: unknown;
  try {
    error = typeof message === 'string' ? JSON.parse(message) : undefined;
  } catch {
    return undefined;
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^\d{3}$/.test(code)) return `HTTP_${code}`;
  if (typeof code === 'string' && /^E[A-Z_]{2,30}$/.test(code)) return code;
  return 'EXPORT_FAILED';
}
