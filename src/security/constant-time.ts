import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a UTF-8 string: a fixed-length value to compare secrets of any length with. */
export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The index of the first of `digests` (SHA-256 digests of secrets) that `candidate` hashes to, or
 * -1; in time that depends on neither: the candidate is hashed to a fixed length first, and every
 * digest is compared even after a match. The one constant-time comparison of the code base.
 */
export function indexOfSecretDigest(candidate: string | undefined, digests: readonly Buffer[]): number {
  const given = sha256(candidate ?? '');
  let found = -1;
  digests.forEach((digest, index) => {
    if (timingSafeEqual(given, digest) && found < 0) found = index;
  });
  return candidate === undefined ? -1 : found;
}

/** Whether `candidate` equals one of `secrets` (kept as they are), in constant time. */
export function equalsAnySecret(candidate: string | undefined, secrets: readonly string[]): boolean {
  return indexOfSecretDigest(candidate, secrets.map(sha256)) >= 0;
}
