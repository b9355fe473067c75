import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the hardening settings', () => {
  it('default to seconds-long HTTP deadlines, tens of sockets and short-lived tokens', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      allowedOrigins: [],
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      webhookAuthFailuresPerMinute: 10,
    });
    expect(config.ws).toMatchObject({
      idleTimeoutMs: 30_000,
      maxSocketsPerPrincipal: 30,
      maxSocketsPerAddress: 60,
      maxUnauthenticatedPerAddress: 10,
    });
    expect(config.clientAuth).toMatchObject({ jwtMaxAgeSeconds: 86_400, jwtClockSkewSeconds: 30 });
    expect(config.limits).toMatchObject({
      maxDuplicateFields: 5,
      maxVariablesDepth: 10,
      maxVariablesBytes: 16_384,
    });
  });

  it('reads ALLOWED_ORIGINS as origins and names the variable when an entry is not one', () => {
    expect(
      loadConfig({ ALLOWED_ORIGINS: 'https://App.example.com, http://localhost:5173/' }).http.allowedOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'https://app.example.com/path', 'app.example.com', 'ftp://x.example']) {
      expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS/);
    }
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
  });
});
