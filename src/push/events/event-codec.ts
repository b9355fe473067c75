import type { ValueCipher } from '../../security/cipher.js';
import { asLinkEvent, type LinkEventRecord } from '../../store/link-event.js';

/**
 * How event records are written to Redis (the per-link record and pub/sub messages): sealed with
 * AES-256-GCM when a cipher is given (the app always gives one: events carry the client's
 * `externalId`), plain JSON otherwise. `context` is authenticated data: a value copied to another
 * key fails to open. Reading never throws: what does not open or is not a record answers null.
 */
export class EventCodec {
  constructor(private readonly cipher?: ValueCipher) {}

  encode(context: string, event: LinkEventRecord): string {
    return this.cipher ? this.cipher.seal(context, event) : JSON.stringify(event);
  }

  decode(context: string, text: string): LinkEventRecord | null {
    try {
      return asLinkEvent(this.cipher ? this.cipher.open(context, text) : JSON.parse(text));
    } catch {
      return null;
    }
  }
}
