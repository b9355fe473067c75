import { createHmac, hkdfSync } from 'node:crypto';
import type { BelvoLink } from '../../belvo/contract/types.js';
import type { CreationClaim } from '../../store/idempotency-keys.js';
import type { Store } from '../../store/store.js';
import { generatedExternalId } from './external-id.js';
import { belvoCredentialsStorage, belvoStaleIn, type CreateLinkInput } from './link.inputs.js';

/**
 * createLink's memory: who created which link (the registry) and which idempotency key produced it.
 * Inputs are compared by an HMAC under a key derived from the Belvo secret, so the database holds
 * nothing from which a cédula could be guessed.
 */
export class CreationLedger {
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly store: Store,
    belvoSecret: string,
    /** How long a creation may stay unanswered before a retry with its key takes it over. */
    readonly leaseMs: number,
  ) {
    this.fingerprintKey = Buffer.from(
      hkdfSync('sha256', belvoSecret, Buffer.alloc(0), 'belvo-gateway idempotency fingerprint', 32),
    );
  }

  claim(principalId: string, key: string, input: CreateLinkInput): Promise<CreationClaim> {
    return this.store.idempotency.claim(
      principalId,
      key,
      this.fingerprint(input),
      input.externalId ?? generatedExternalId(),
      this.leaseMs,
    );
  }

  /** The link belongs to its creator, and the key answers with it, in one transaction. */
  async complete(principalId: string, link: BelvoLink, key?: string): Promise<void> {
    await this.store.transaction(async (store) => {
      await store.links.record(link, principalId);
      if (key) await store.idempotency.complete(principalId, key, link.id);
    });
  }

  release(principalId: string, key: string): Promise<void> {
    return this.store.idempotency.release(principalId, key);
  }

  /** The creation may have happened: the next call with the key takes over at once and looks first. */
  handOver(principalId: string, key: string): Promise<void> {
    return this.store.idempotency.handOver(principalId, key);
  }

  private fingerprint(input: CreateLinkInput): string {
    const canonical = JSON.stringify([
      input.cedula,
      input.externalId ?? null,
      input.accessMode,
      [...input.fetchResources].sort(),
      belvoCredentialsStorage(input) ?? null, // storeCredentials: true and "store" are one input
      belvoStaleIn(input) ?? null, // staleInDays: 30 and staleIn: "30d" are one input
    ]);
    return createHmac('sha256', this.fingerprintKey).update(canonical).digest('base64url');
  }
}
