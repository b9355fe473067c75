import { createHash, randomBytes } from 'node:crypto';

/** A `CLIENT_API_KEYS` entry for `key`, as an operator would write it (only the hash is configured). */
export const apiKeyEntry = (principal: string, key: string, admin = false) =>
  `${principal}:${createHash('sha256').update(key).digest('hex')}${admin ? ':admin' : ''}`;

export const randomKey = () => randomBytes(24).toString('base64url');

/** A random `CACHE_ENCRYPTION_KEY`. */
export const encryptionKey = () => randomBytes(32).toString('hex');
