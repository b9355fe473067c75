/** Who may call the gateway: API keys (stored as hashes) and JWTs. */
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { Mode } from './belvo.js';
import { ConfigError } from './env.js';
import { Refusal, custom, int, list, text } from './setting.js';

/** `principal:sha256hex[:admin]`; hash a key with `printf %s "$KEY" | sha256sum`. */
function apiKeyEntry(entry: string) {
  const [principal, hash, scope, ...rest] = entry.split(':');
  if (!principal || !/^[A-Za-z0-9_.-]{1,64}$/.test(principal) || !hash || !/^[0-9a-f]{64}$/i.test(hash)) {
    throw new Refusal('entries must be principal:sha256-hex[:admin]');
  }
  if (rest.length > 0 || (scope !== undefined && scope !== 'admin')) {
    throw new Refusal(`has an unknown scope in the entry for "${principal}"`);
  }
  /** SHA-256 of the key; the key itself is never in config. */
  const sha256 = Buffer.from(hash, 'hex');
  return { principal, sha256, admin: scope === 'admin' };
}

function hs256Secret(raw: string): string {
  if (raw.length < 32) throw new Refusal('must be at least 32 characters');
  return raw;
}

/** Read once at start, so a missing or malformed file stops the process with its name, not later. */
function jwksFile(path: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Refusal(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`);
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    throw new Refusal(`is not JSON: ${path}`);
  }
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    !keys.every((key) => typeof key === 'object' && key !== null)
  ) {
    throw new Refusal(`must hold a JSON Web Key Set ({ "keys": [ … ] }): ${path}`);
  }
  return jwks as JSONWebKeySet;
}

const clientAuth = z.object({
  apiKeys: list(
    'CLIENT_API_KEYS',
    apiKeyEntry,
    { secret: true },
    '`principal:sha256hex[:admin]`, comma-separated (see Security)',
  ),
  jwtHs256Secret: custom(
    'JWT_HS256_SECRET',
    hs256Secret,
    { secret: true },
    'HS256 secret for bearer tokens (≥ 32 characters)',
  ),
  /** The public keys for RS256/ES256/EdDSA tokens. */
  jwtJwks: custom(
    'JWT_JWKS_FILE',
    jwksFile,
    {},
    'path of a JWKS file with public keys for RS256/PS256/ES256/EdDSA tokens',
  ),
  jwtIssuer: text('JWT_ISSUER', {}, 'required `iss` claim, when set'),
  jwtAudience: text('JWT_AUDIENCE', {}, 'required `aud` claim, when set'),
  jwtMaxAgeSeconds: int(
    'JWT_MAX_AGE_SECONDS',
    { default: 24 * 60 * 60, min: 1, max: 30 * 24 * 60 * 60 },
    'longest accepted token lifetime (`exp` − `iat`, or `exp` − now)',
  ),
  jwtClockSkewSeconds: int(
    'JWT_CLOCK_SKEW_SECONDS',
    { default: 30, min: 0, max: 300 },
    'tolerated clock difference with the token issuer',
  ),
});

export const authSettings = { clientAuth };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Without keys or JWTs the gateway is open: every caller is the local admin. That is for embedded
 * mode on loopback only; real mode serves personal data.
 */
export function resolveClientAuth(settings: z.infer<typeof clientAuth>, mode: Mode, host: string) {
  const open = settings.apiKeys.length === 0 && !settings.jwtHs256Secret && !settings.jwtJwks;
  if (open && mode === 'real') {
    throw new ConfigError(
      'CLIENT_API_KEYS',
      'or JWT_HS256_SECRET / JWT_JWKS_FILE is required in real mode: the gateway serves personal data',
    );
  }
  if (open && !LOOPBACK.has(host)) {
    throw new ConfigError(
      'HOST',
      `is ${host}: without client authentication the gateway only listens on loopback`,
    );
  }
  return { ...settings, open };
}

export type ClientAuthConfig = ReturnType<typeof resolveClientAuth>;
export type ApiKeyEntry = ClientAuthConfig['apiKeys'][number];
