import { SignJWT } from "jose";
import type { Config } from "../../config.ts";
import type { Role } from "../../domain/user.ts";
import { TOKEN_TYPE, type TokenKind } from "./claims.ts";
import { ALGORITHM, loadKeySet } from "./key-set.ts";

export interface SignedToken {
  token: string;
  jti: string;
  exp: number;
}

export async function signToken(
  config: Config,
  kind: TokenKind,
  subject: { id: string; role: Role },
  familyId: string,
): Promise<SignedToken> {
  const { signing } = await loadKeySet(config.JWT_PRIVATE_JWKS);
  // `iat` to the millisecond (a NumericDate may be fractional): a token issued just
  // after a user's tokens were invalidated must not be mistaken for one issued before.
  const issuedAt = Date.now() / 1000;
  const now = Math.floor(issuedAt);
  const ttl =
    kind === "access" ? config.ACCESS_TOKEN_TTL_SECONDS : config.REFRESH_TOKEN_TTL_SECONDS;
  const jti = crypto.randomUUID();
  const exp = now + ttl;
  const token = await new SignJWT({ role: subject.role, fid: familyId })
    .setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: TOKEN_TYPE[kind] })
    .setSubject(subject.id)
    .setJti(jti)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setNotBefore(now)
    .setExpirationTime(exp)
    .sign(signing.key);
  return { token, jti, exp };
}

export interface TokenPair {
  access: SignedToken;
  refresh: SignedToken;
}

export async function signTokenPair(
  config: Config,
  subject: { id: string; role: Role },
  familyId: string,
): Promise<TokenPair> {
  const [access, refresh] = await Promise.all([
    signToken(config, "access", subject, familyId),
    signToken(config, "refresh", subject, familyId),
  ]);
  return { access, refresh };
}
