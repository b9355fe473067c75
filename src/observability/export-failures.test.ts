import { describe, expect, it } from 'vitest';
import { failureCode } from './export-failures.js';

/** What the SDK's loggingErrorHandler hands diag.error: every property of the error, as strings. */
const flattened = (properties: Record<string, string>) => JSON.stringify(properties);

describe('failureCode', () => {
  it('names a failed export by its errno code or the collector’s HTTP status, never by its message', () => {
    expect(
      failureCode(flattened({ message: 'connect ECONNREFUSED 127.0.0.1:4318', code: 'ECONNREFUSED' })),
    ).toBe('ECONNREFUSED');
    expect(failureCode(flattened({ name: 'OTLPExporterError', code: '503', data: 'busy' }))).toBe('HTTP_503');
    expect(failureCode(flattened({ name: 'Error', message: 'Timeout' }))).toBe('EXPORT_FAILED');
  });

  it('is undefined for what instrumentations log at error level (prose, not a flattened error)', () => {
    expect(failureCode('@fastify/otel')).toBeUndefined();
    expect(failureCode(undefined)).toBeUndefined();
  });
});
