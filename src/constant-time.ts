import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `candidate` equals one of `secrets`, in time that depends on neither: both sides are
 * hashed to a fixed length first, and every secret is compared even after a match.
 */
export function equalsAnySecret(candidate: string | undefined, secrets: readonly string[]): boolean {
  const given = digest(candidate ?? '');
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(given, digest(secret)) || matched;
  return matched && candidate !== undefined;
}
