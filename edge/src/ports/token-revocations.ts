/** The token blacklist and refresh-family revocations (Upstash Redis in production). */
export interface TokenRevocations {
  /** One round trip: is the token blacklisted, or its whole family revoked? */
  isRevoked(jti: string, familyId: string): Promise<boolean>;
  /** Blacklists a token until it would have expired anyway. */
  revokeToken(jti: string, exp: number): Promise<void>;
  /** Blacklists a refresh token as it is used; false when it had been used before (reuse). */
  markRefreshUsed(jti: string, exp: number): Promise<boolean>;
  /** Revokes every token of a login until `until` (unix seconds). */
  revokeFamily(familyId: string, until: number): Promise<void>;
  /** Throws when the revocation store (Redis) cannot be reached. */
  ping(): Promise<void>;
}
