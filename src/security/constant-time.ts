import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a UTF-8 string: a fixed-length value to compare secrets of any length with. */
export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `candidate` equals one of `secrets`, in time that depends on neither: both sides are
 * hashed to a fixed length first, and every secret is compared even after a match.
 */
export function equalsAnySecret(candidate: string | undefined, secrets: readonly string[]): boolean {
  const given = sha256(candidate ?? '');
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(given, sha256(secret)) || matched;
  return matched && candidate !== undefined;
}
