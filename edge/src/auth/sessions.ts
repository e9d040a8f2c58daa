import { AppError } from "../errors.ts";
import type { Services } from "../ports/services.ts";
import type { AuthUser } from "../domain/auth-user.ts";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords/scrypt.ts";
import { normaliseEmail } from "./public-user.ts";
import { signTokenPair, type TokenPair } from "./tokens/sign-token.ts";
import { verifyToken } from "./tokens/verify-token.ts";

const INVALID = () => new AppError("invalid_credentials", "E-mail or password is wrong");

/** Logs in: a new refresh family per login. Unknown e-mail and wrong password look alike. */
export async function login(
  services: Services,
  emailInput: string,
  password: string,
): Promise<TokenPair> {
  const user = await services.users.findByEmail(normaliseEmail(emailInput));
  if (!user) {
    await verifyAgainstDummy(password);
    throw INVALID();
  }
  const check = await verifyPassword(password, user.passwordHash);
  if (!check.ok) throw INVALID();
  if (check.needsRehash)
    await services.users.setPasswordHash(user._id, await hashPassword(password));
  return signTokenPair(services.config, { id: user._id, role: user.role }, crypto.randomUUID());
}

/**
 * Rotates a refresh token (RFC 9700 §4.14.2): the presented token is
 * blacklisted as it is used; presenting it again revokes the whole family,
 * including the pair issued from it.
 */
export async function refresh(services: Services, refreshToken: string): Promise<TokenPair> {
  const { config, revocations } = services;
  const claims = await verifyToken(config, refreshToken, "refresh");
  if (await revocations.isRevoked(claims)) {
    await revocations.revokeFamily(
      claims.fid,
      Math.floor(Date.now() / 1000) + config.REFRESH_TOKEN_TTL_SECONDS,
    );
    throw new AppError(
      "token_revoked",
      "Refresh token was already used; every session of this login is revoked",
    );
  }
  if (!(await revocations.markRefreshUsed(claims.jti, claims.exp))) {
    // Lost a race with another use of the same token: that is reuse too.
    await revocations.revokeFamily(
      claims.fid,
      Math.floor(Date.now() / 1000) + config.REFRESH_TOKEN_TTL_SECONDS,
    );
    throw new AppError(
      "token_revoked",
      "Refresh token was already used; every session of this login is revoked",
    );
  }
  // The role may have changed since login: take it from the account.
  const user = await services.users.findById(claims.sub);
  if (!user) throw new AppError("token_revoked", "Account no longer exists");
  return signTokenPair(config, { id: user._id, role: user.role }, claims.fid);
}

/** Blacklists the access token and revokes its family (and that of a refresh token given along). */
export async function logout(
  services: Services,
  user: AuthUser,
  refreshToken?: string,
): Promise<void> {
  const { config, revocations } = services;
  const until = Math.floor(Date.now() / 1000) + config.REFRESH_TOKEN_TTL_SECONDS;
  await revocations.revokeToken(user.jti, user.exp);
  await revocations.revokeFamily(user.familyId, until);
  if (refreshToken) {
    const claims = await verifyToken(config, refreshToken, "refresh").catch(() => null);
    if (claims && claims.sub === user.id && claims.fid !== user.familyId)
      await revocations.revokeFamily(claims.fid, until);
  }
}
