/** Redis and the caches kept in it (or in memory): lifetimes and the key that seals what Redis holds. */
import { randomBytes } from 'node:crypto';
import type { Mode } from './belvo.js';
import { ConfigError } from './env.js';
import { Refusal, custom, int, url } from './setting.js';

const DAY_MS = 24 * 60 * 60_000;

function encryptionKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Refusal('must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export const cacheSettings = {
  redisUrl: url(
    'REDIS_URL',
    { secret: true },
    '`redis://…`: shared cache, upstream budget and pub/sub across instances',
  ),
  cacheEncryptionKey: custom(
    'CACHE_ENCRYPTION_KEY',
    encryptionKey,
    { secret: true, shown: 'random in embedded mode' },
    '32 bytes (64 hex digits or base64) sealing cached values and events in Redis; required with `REDIS_URL` in real mode',
  ),
  cacheTtlMs: int(
    'CACHE_TTL_MS',
    { default: 5 * 60_000, min: 0, max: DAY_MS },
    'lifetime of cached Belvo reads (0 disables caching)',
  ),
  cacheStaleTtlMs: int(
    'CACHE_STALE_TTL_MS',
    { default: 60 * 60_000, min: 0, max: DAY_MS },
    'how long past `CACHE_TTL_MS` cached reads may be served, flagged stale, while Belvo is down',
  ),
  responseCacheTtlMs: int(
    'RESPONSE_CACHE_TTL_MS',
    { default: 30_000, min: 0, max: DAY_MS },
    'lifetime of whole answers to repeated queries (at most `CACHE_TTL_MS`; 0 turns it off)',
  ),
};

/**
 * Cached personal data is encrypted in Redis. Real mode needs the key (every instance must open
 * what another sealed); embedded mode makes one up, so Redis holds nothing another process can read.
 */
export function resolveCacheKey(key: Buffer | undefined, redisUrl: string | undefined, mode: Mode) {
  if (key !== undefined || !redisUrl) return key;
  if (mode === 'real') {
    throw new ConfigError(
      'CACHE_ENCRYPTION_KEY',
      'is required with REDIS_URL: cached personal data is encrypted',
    );
  }
  return randomBytes(32);
}
