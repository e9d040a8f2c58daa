/** What a one-time link is for; a token of one purpose is never accepted for another. */
export type OneTimePurpose = "verify_email" | "reset_password";

/**
 * Single-use secrets for e-mailed links (Redis in production). Only a hash of the
 * token is stored, so a leaked store hands out no working links; taking a token
 * removes it in the same step, so a replayed or raced link finds nothing.
 */
export interface OneTimeTokens {
  /** A new random token for the user, valid for `ttlSeconds`. */
  issue(purpose: OneTimePurpose, userId: string, ttlSeconds: number): Promise<string>;
  /** The user the token was issued to, leaving it in place (to check input before using it). */
  peek(purpose: OneTimePurpose, token: string): Promise<string | null>;
  /** The user the token was issued to, removing it; null when unknown, used or expired. */
  take(purpose: OneTimePurpose, token: string): Promise<string | null>;
}
