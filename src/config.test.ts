import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { declaredSettings } from './config/docs.js';

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

describe('reading the environment through the declarations', () => {
  const VALUE = 'Not-A-Valid-Value-7b1e';

  it('refuses a bad value with one line naming its variable, never echoing a secret', () => {
    for (const { env, secret } of declaredSettings()) {
      if (env === 'ENV_FILE') continue; // read by loadEnvFile, before the config
      let message: string | undefined;
      try {
        loadConfig({ [env]: VALUE });
      } catch (error) {
        message = (error as Error).message;
      }
      if (message === undefined) continue; // free text, such as JWT_ISSUER
      expect(message.split('\n'), env).toHaveLength(1);
      // One Belvo key alone asks for the others.
      expect(message, env).toMatch(env.startsWith('BELVO_') ? /^Invalid configuration: BELVO_/ : `: ${env} `);
      if (secret) expect(message, env).not.toContain(VALUE);
    }
  });

  it('shows what it read for an ordinary setting, but not for a secret one', () => {
    expect(() => loadConfig({ BELVO_TIMEOUT_MS: '5' })).toThrow(
      'Invalid configuration: BELVO_TIMEOUT_MS must be between 100 and 120000, got 5',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(
      /^Invalid configuration: DATABASE_URL must be postgres:\/\/…, pglite:<directory> or pglite:memory$/,
    );
  });

  it('treats a blank variable as unset, and converts units and modes once', () => {
    const config = loadConfig({ PORT: ' ', EVENT_RETENTION_DAYS: '2', LOG_FORMAT: 'auto' }, true);
    expect(config.port).toBe(4000);
    expect(config.state.eventRetentionMs).toBe(2 * 24 * 60 * 60_000);
    expect(config.logFormat).toBe('pretty');
    expect(loadConfig({ CACHE_TTL_MS: '1000' }).responseCacheTtlMs).toBe(1000);
  });

  it('reads the settings of `npm run sandbox` with its defaults', () => {
    expect(loadConfig({}).sandbox.standalone).toEqual({
      port: 4010,
      secretId: 'sandbox-id',
      secretPassword: 'sandbox-password',
      webhookUrl: undefined,
      webhookAuthorization: undefined,
    });
  });
});

describe('the Belvo base URL in real mode', () => {
  const real = (url: string) =>
    loadConfig({
      BELVO_BASE_URL: url,
      BELVO_SECRET_ID: 'id',
      BELVO_SECRET_PASSWORD: 'password',
      DATABASE_URL: 'postgres://127.0.0.1/x',
      CLIENT_API_KEYS: `frontend:${'0'.repeat(64)}`,
    });

  it.each([
    'http://api.belvo.com',
    'http://10.0.0.5:4010',
    'http://127.example.com',
    'redis://api.belvo.com',
  ])('refuses %s at startup, naming BELVO_BASE_URL: the keys would travel in clear', (url) => {
    expect(() => real(url)).toThrow(/^Invalid configuration: BELVO_BASE_URL must be an https:\/\/ URL/);
  });

  it('says why http is refused, without echoing the URL', () => {
    expect(() => real('http://api.belvo.com')).toThrow(
      'Invalid configuration: BELVO_BASE_URL must be an https:// URL: the keys travel with every request (http:// is accepted only for a loopback host such as 127.0.0.1)',
    );
  });

  it.each([
    'https://api.belvo.com',
    'https://sandbox.belvo.com/',
    'http://127.0.0.1:4010',
    'http://localhost:4010',
    'http://[::1]:4010',
  ])('accepts %s (https, or http to a loopback host: a simulator or proxy beside the gateway)', (url) => {
    const config = real(url);
    expect(config.mode).toBe('real');
    expect(config.belvo.baseUrl).toBe(url.replace(/\/$/, ''));
  });
});
