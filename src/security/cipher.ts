import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'gcm1:';

/**
 * AES-256-GCM for what leaves the process for Redis (cached values, event records and messages):
 * salaries, names and client references are unreadable to whoever reads the store. The key it is
 * stored under is authenticated data, so a value moved under another key fails to open instead of
 * being served for the wrong link.
 */
export class ValueCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  }

  seal(cacheKey: string, value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(cacheKey));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /** Throws when the text was not sealed with this key for this cache key. */
  open(cacheKey: string, text: unknown): unknown {
    if (typeof text !== 'string' || !text.startsWith(PREFIX)) throw new Error('not a sealed value');
    const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12))
      .setAAD(Buffer.from(cacheKey))
      .setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  }
}
