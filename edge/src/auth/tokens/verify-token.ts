import { errors, jwtVerify, type JWTHeaderParameters } from "jose";
import type { Config } from "../../config.ts";
import { AppError } from "../../errors.ts";
import { ROLES, type Role } from "../../domain/user.ts";
import { TOKEN_TYPE, type TokenClaims, type TokenKind } from "./claims.ts";
import { ALGORITHM, loadKeySet } from "./key-set.ts";

const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies signature (RS256 only: `none`, HS* and anything else are refused
 * before a key is chosen), `kid`, type, issuer, audience, time claims and the
 * presence of every claim the edge relies on.
 */
export async function verifyToken(
  config: Config,
  token: string,
  kind: TokenKind,
): Promise<TokenClaims> {
  const keySet = await loadKeySet(config.JWT_PRIVATE_JWKS);
  try {
    const { payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        if (header.alg !== ALGORITHM)
          throw new AppError("token_invalid", "Token algorithm is not allowed");
        const key = header.kid ? keySet.verifying.get(header.kid) : undefined;
        if (!key) throw new AppError("token_invalid", "Token key id is unknown");
        return key;
      },
      {
        algorithms: [ALGORITHM],
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        typ: TOKEN_TYPE[kind],
        requiredClaims: ["sub", "jti", "iat", "exp", "nbf"],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    );
    const { sub, jti, iat, exp, role, fid } = payload as Partial<TokenClaims>;
    if (!sub || !jti || !iat || !exp || typeof fid !== "string" || !ROLES.includes(role as Role)) {
      throw new AppError("token_invalid", "Token claims are incomplete");
    }
    return { sub, jti, iat, exp, fid, role: role as Role };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired) throw new AppError("token_expired", "Token has expired");
    throw new AppError("token_invalid", "Token is invalid", { cause: err });
  }
}
