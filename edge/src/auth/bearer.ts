import { AppError } from "../errors.ts";
import type { AuthUser } from "../domain/auth-user.ts";
import type { Services } from "../ports/services.ts";
import type { TokenClaims } from "./tokens/claims.ts";
import { verifyToken } from "./tokens/verify-token.ts";

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? "")?.[1] ?? null;
}

/** Who a verified token speaks for. */
export function toAuthUser(claims: TokenClaims): AuthUser {
  return {
    id: claims.sub,
    role: claims.role,
    jti: claims.jti,
    exp: claims.exp,
    familyId: claims.fid,
  };
}

/**
 * Verifies an access token, then checks the blacklist and the token's family in
 * one Redis round trip. Redis unreachable → 503: authentication fails closed.
 */
export async function authenticatedUser(services: Services, token: string): Promise<AuthUser> {
  const claims = await verifyToken(services.config, token, "access");
  if (await services.revocations.isRevoked(claims)) {
    throw new AppError("token_revoked", "Token has been revoked");
  }
  return toAuthUser(claims);
}
