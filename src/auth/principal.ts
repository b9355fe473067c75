/** Who is calling: an API key's or a token's subject. Links belong to the principal that created them. */
export interface Principal {
  id: string;
  /** Sees and changes every link, including ones created outside the gateway. */
  admin: boolean;
}

/** Every caller when client authentication is off (embedded mode on loopback). */
export const LOCAL_ADMIN: Principal = { id: 'local', admin: true };
