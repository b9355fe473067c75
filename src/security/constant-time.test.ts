import { describe, expect, it } from 'vitest';
import { indexOfSecretDigest, sha256 } from './constant-time.js';

describe('indexOfSecretDigest', () => {
  const digests = ['key a', 'key b', 'key a'].map(sha256);

  it('finds the first digest the candidate hashes to', () => {
    expect(indexOfSecretDigest('key a', digests)).toBe(0);
    expect(indexOfSecretDigest('key b', digests)).toBe(1);
  });

  it('finds nothing for another value, a missing one or no digests', () => {
    expect(indexOfSecretDigest('key c', digests)).toBe(-1);
    expect(indexOfSecretDigest(undefined, [sha256('')])).toBe(-1);
    expect(indexOfSecretDigest('key a', [])).toBe(-1);
  });
});
