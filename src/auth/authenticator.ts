import { createLocalJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ClientAuthConfig } from '../config.js';
import { indexOfSecretDigest } from '../security/constant-time.js';
import { LOCAL_ADMIN, type Principal } from './principal.js';

/** What a client presented: HTTP headers, or the WebSocket `connection_init` payload. */
export interface Credentials {
  /** `Bearer <jwt>` */
  authorization?: string;
  apiKey?: string;
}

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export type Authenticate = (credentials: Credentials) => Promise<Principal>;

const MAX_CREDENTIAL_LENGTH = 8 * 1024;

/**
 * Checks API keys (SHA-256 compared in constant time against every configured hash) and JWT bearer
 * tokens (HS256 secret and/or a local JWKS). The reason a credential failed is never told to the
 * client: only that it did.
 */
export function createAuthenticator(config: ClientAuthConfig): Authenticate {
  if (config.open) return async () => LOCAL_ADMIN;
  const verifyJwt = jwtVerifier(config);

  return async ({ authorization, apiKey }) => {
    if (
      (apiKey?.length ?? 0) > MAX_CREDENTIAL_LENGTH ||
      (authorization?.length ?? 0) > MAX_CREDENTIAL_LENGTH
    ) {
      throw new AuthenticationError('Credentials are too long');
    }
    if (apiKey) {
      const principal = matchApiKey(apiKey, config);
      if (principal) return principal;
      throw new AuthenticationError('Invalid API key');
    }
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (token && verifyJwt) return verifyJwt(token);
    throw new AuthenticationError('Send an API key (x-api-key header) or a bearer token');
  };
}

function matchApiKey(apiKey: string, config: ClientAuthConfig): Principal | undefined {
  const entry =
    config.apiKeys[
      indexOfSecretDigest(
        apiKey,
        config.apiKeys.map((key) => key.sha256),
      )
    ];
  return entry && { id: `key:${entry.principal}`, admin: entry.admin };
}

function jwtVerifier(config: ClientAuthConfig): ((token: string) => Promise<Principal>) | undefined {
  const verifiers: Array<(token: string) => Promise<JWTPayload>> = [];
  // A token without `exp` would be a password that never expires; one that lives for years, too.
  const claims = {
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    requiredClaims: ['exp'],
    clockTolerance: config.jwtClockSkewSeconds,
  };
  if (config.jwtHs256Secret) {
    const secret = new TextEncoder().encode(config.jwtHs256Secret);
    verifiers.push(
      async (token) => (await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] })).payload,
    );
  }
  if (config.jwtJwks) {
    const keys: JWTVerifyGetKey = createLocalJWKSet(config.jwtJwks);
    verifiers.push(
      async (token) =>
        (await jwtVerify(token, keys, { ...claims, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] }))
          .payload,
    );
  }
  if (verifiers.length === 0) return undefined;
  return async (token) => {
    for (const verify of verifiers) {
      try {
        return toPrincipal(await verify(token), config);
      } catch {
        // try the next key source
      }
    }
    throw new AuthenticationError('Invalid or expired token');
  };
}

/** `sub` names the principal; an `admin` scope (space-separated `scope`, or a `scopes` array) grants admin. */
function toPrincipal(payload: JWTPayload, config: ClientAuthConfig): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 256) {
    throw new AuthenticationError('The token has no subject');
  }
  // jose has checked that `exp` is a number in the future (within the skew).
  const exp = payload.exp as number;
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = Math.min(typeof payload.iat === 'number' ? payload.iat : now, now);
  if (exp - issuedAt > config.jwtMaxAgeSeconds + config.jwtClockSkewSeconds) {
    throw new AuthenticationError('The token lives longer than allowed');
  }
  const scopes = [
    ...(typeof payload.scope === 'string' ? payload.scope.split(' ') : []),
    ...(Array.isArray(payload.scopes) ? payload.scopes : []),
  ];
  return {
    id: `sub:${payload.sub}`,
    admin: scopes.includes('admin'),
    expiresAtMs: (exp + config.jwtClockSkewSeconds) * 1000,
  };
}
