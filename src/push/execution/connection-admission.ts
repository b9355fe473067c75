/** Close code for a socket over its principal's cap (graphql-ws clients do not retry it). */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4429;

export interface AdmissionLimits {
  maxSocketsPerPrincipal: number;
  maxSocketsPerAddress: number;
  maxUnauthenticatedPerAddress: number;
}

/** One admitted socket's place in the counts; `release` is idempotent. */
export interface Ticket {
  /** Moves the socket from "unauthenticated" to `principalId`; false when that principal is full. */
  authenticated(principalId: string): boolean;
  release(): void;
}

/**
 * Live counts of open WebSockets per source address and per principal, checked at the upgrade
 * (address) and at `connection_init` (principal). These are counts of sockets that exist right
 * now, so plain maps that drop a key at zero: they are bounded by the open sockets, and evicting
 * an entry (as a bounded cache would) would forget sockets that still hold their place.
 */
export class WebSocketAdmission {
  private readonly perAddress = new Map<string, number>();
  private readonly unauthenticatedPerAddress = new Map<string, number>();
  private readonly perPrincipal = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {}

  /** Why a new socket from `address` is refused before the upgrade, or undefined to let it in. */
  refusalFor(address: string): string | undefined {
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxSocketsPerAddress) {
      return 'too many open WebSockets from this address';
    }
    if ((this.unauthenticatedPerAddress.get(address) ?? 0) >= this.limits.maxUnauthenticatedPerAddress) {
      return 'too many unauthenticated WebSockets from this address';
    }
    return undefined;
  }

  admit(address: string): Ticket {
    increment(this.perAddress, address);
    increment(this.unauthenticatedPerAddress, address);
    let principal: string | undefined;
    let released = false;
    return {
      authenticated: (principalId) => {
        if (released || principal !== undefined) return principal === principalId;
        if ((this.perPrincipal.get(principalId) ?? 0) >= this.limits.maxSocketsPerPrincipal) return false;
        decrement(this.unauthenticatedPerAddress, address);
        increment(this.perPrincipal, principalId);
        principal = principalId;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perAddress, address);
        if (principal === undefined) decrement(this.unauthenticatedPerAddress, address);
        else decrement(this.perPrincipal, principal);
      },
    };
  }
}

function increment(counts: Map<string, number>, key: string) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function decrement(counts: Map<string, number>, key: string) {
  const next = (counts.get(key) ?? 0) - 1;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
