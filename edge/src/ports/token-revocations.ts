/** The token blacklist and refresh-family revocations (Upstash Redis in production). */
export interface TokenRevocations {
  /**
   * One round trip: is the token blacklisted, its whole family revoked, or was it
   * issued (`iat`, seconds, possibly fractional) before its user's tokens were invalidated?
   */
  isRevoked(token: { jti: string; fid: string; sub: string; iat: number }): Promise<boolean>;
  /** Every token of the user issued before now stops working (role change, deletion, password). */
  invalidateUserTokens(userId: string, until: number): Promise<void>;
  /** Blacklists a token until it would have expired anyway. */
  revokeToken(jti: string, exp: number): Promise<void>;
  /** Blacklists a refresh token as it is used; false when it had been used before (reuse). */
  markRefreshUsed(jti: string, exp: number): Promise<boolean>;
  /** Revokes every token of a login until `until` (unix seconds). */
  revokeFamily(familyId: string, until: number): Promise<void>;
  /** Throws when the revocation store (Redis) cannot be reached. */
  ping(): Promise<void>;
}
