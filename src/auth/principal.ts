/** Who is calling: an API key's or a token's subject. Links belong to the principal that created them. */
export interface Principal {
  id: string;
  /** Sees and changes every link, including ones created outside the gateway. */
  admin: boolean;
  /**
   * When the credential stops being valid (a token's `exp` plus the clock skew), in ms since the
   * epoch; long-lived connections end then. API keys do not expire.
   */
  expiresAtMs?: number;
}

/** Every caller when client authentication is off (embedded mode on loopback). */
export const LOCAL_ADMIN: Principal = { id: 'local', admin: true };
