/** Where the gateway listens and how long it waits for HTTP clients. */
import { z } from 'zod';
import { Refusal, int, list, text, url } from './setting.js';

/** An `ALLOWED_ORIGINS` entry: `scheme://host[:port]` only; a wildcard or a path would undo the check. */
function origin(entry: string): string {
  let url: URL | undefined;
  try {
    url = new URL(entry);
  } catch {
    url = undefined;
  }
  const onlyOrigin = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
  if (!url || !onlyOrigin || !['http:', 'https:'].includes(url.protocol)) {
    throw new Refusal(`entries must be origins like https://app.example.com, got "${entry}"`);
  }
  return url.origin;
}

const http = z
  .object({
    allowedOrigins: list(
      'ALLOWED_ORIGINS',
      origin,
      {},
      'other browser origins (`https://app.example.com`, comma-separated) allowed to open WebSockets and read answers (CORS)',
    ),
    headersTimeoutMs: int(
      'HTTP_HEADERS_TIMEOUT_MS',
      { default: 5_000, min: 100, max: 120_000 },
      'time a client has to send its request headers',
    ),
    requestTimeoutMs: int(
      'HTTP_REQUEST_TIMEOUT_MS',
      { default: 10_000, min: 100, max: 10 * 60_000 },
      'time a client has to send a whole request, body included (at least the headers timeout)',
    ),
    keepAliveTimeoutMs: int(
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      { default: 5_000, min: 100, max: 10 * 60_000 },
      'idle keep-alive connections are closed after this (Node adds one second)',
    ),
    webhookAuthFailuresPerMinute: int(
      'WEBHOOK_AUTH_FAILURES_PER_MINUTE',
      { default: 10, min: 1, max: 1_000_000 },
      'webhook posts with a wrong `Authorization` per source address per minute before 429',
    ),
  })
  .superRefine((http, ctx) => {
    // Node refuses a headers timeout longer than the whole request's.
    if (http.headersTimeoutMs > http.requestTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['headersTimeoutMs'],
        message: `must not exceed HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs})`,
      });
    }
  });

export type HttpServerConfig = z.infer<typeof http>;

export const serverSettings = {
  host: text('HOST', { default: '127.0.0.1' }, 'interface to listen on'),
  port: int('PORT', { default: 4000, min: 0, max: 65535 }, 'port (0 = any free port)'),
  publicUrl: url(
    'PUBLIC_URL',
    { shown: '`http://HOST:PORT`' },
    'public origin printed at start; browsers on it may open WebSockets and read answers',
  ),
  nodeEnv: text(
    'NODE_ENV',
    {},
    '`production` turns the explorer, introspection and "Did you mean …?" suggestions off by default',
  ),
  http,
  bodyLimitBytes: int(
    'BODY_LIMIT_BYTES',
    { default: 100 * 1024, min: 1024, max: 10 * 1024 * 1024 },
    'maximum HTTP request body',
  ),
};
