/**
 * Logs, traces and the readiness probe. OpenTelemetry is on when an OTLP endpoint or a traces
 * exporter is set in the standard `OTEL_*` variables, off otherwise; the SDK reads the other
 * `OTEL_*` variables itself (protocol, headers, sampler, resource attributes), as every
 * OpenTelemetry SDK does.
 */
import { z } from 'zod';
import { bool, int, oneOf, text, url } from './setting.js';

const telemetry = z.object({
  tracesEndpoint: url(
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    {},
    'OTLP endpoint for traces only; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`',
  ),
  endpoint: url(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    { shown: 'unset: tracing off' },
    'OpenTelemetry collector, see Operations → Tracing; the SDK reads the other standard `OTEL_*` variables',
  ),
  exporter: text(
    'OTEL_TRACES_EXPORTER',
    { shown: 'unset: tracing off' },
    '`otlp`, `console`, or `none` (off even with an endpoint)',
  ),
  disabled: bool('OTEL_SDK_DISABLED', { default: false }, 'turns tracing off whatever else is set'),
  serviceName: text(
    'OTEL_SERVICE_NAME',
    { default: 'belvo-employments-gateway' },
    'the `service.name` of every span',
  ),
});

export const telemetrySettings = {
  logLevel: oneOf(
    'LOG_LEVEL',
    { values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    '`fatal` … `trace`, or `silent`',
  ),
  logFormat: oneOf(
    'LOG_FORMAT',
    { values: ['auto', 'pretty', 'json'], default: 'auto' },
    '`pretty` (pino-pretty), `json`, or `auto`: pretty when stdout is a terminal, JSON otherwise',
  ),
  logRepeatSummaryMs: int(
    'LOG_REPEAT_SUMMARY_MS',
    { default: 60_000, min: 100, max: 24 * 60 * 60_000 },
    'a dependency failing over and over (Redis unreachable) is logged once, then summarised this often',
  ),
  readinessCacheMs: int(
    'READINESS_CACHE_MS',
    { default: 5_000, min: 0, max: 10 * 60_000 },
    '`/readyz` answers from one round of checks this long: probes from many load balancers must not spend Belvo’s rate limit',
  ),
  telemetry,
};

export function resolveTelemetry(settings: z.infer<typeof telemetry>) {
  const destination = settings.tracesEndpoint ?? settings.endpoint ?? settings.exporter;
  const disabled = settings.disabled || settings.exporter === 'none';
  return {
    enabled: !disabled && destination !== undefined,
    /** Where traces go, for the banner: the endpoint, or the exporter's name. */
    destination,
    serviceName: settings.serviceName,
  };
}

export type TelemetryConfig = ReturnType<typeof resolveTelemetry>;

/** auto: readable in a terminal, JSON when piped to a file or a log collector. */
export const logFormatFor = (format: 'auto' | 'pretty' | 'json', stdoutIsTerminal: boolean) =>
  format === 'auto' ? (stdoutIsTerminal ? 'pretty' : 'json') : format;
