import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import type { Role } from "../domain/user.ts";
import { verifyToken } from "./tokens/verify-token.ts";

function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? "");
  if (!match?.[1])
    throw new AppError("unauthenticated", "Missing bearer token", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  return match[1];
}

/**
 * Verifies the access token, then checks the blacklist and the token's family in
 * one Redis round trip. Redis unreachable → 503: authentication fails closed.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const services = c.get("services");
    const claims = await verifyToken(
      services.config,
      bearerToken(c.req.header("authorization")),
      "access",
    );
    if (await services.revocations.isRevoked(claims.jti, claims.fid)) {
      throw new AppError("token_revoked", "Token has been revoked");
    }
    c.set("user", {
      id: claims.sub,
      role: claims.role,
      jti: claims.jti,
      exp: claims.exp,
      familyId: claims.fid,
    });
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  if (roles.length === 0) throw new Error("requireRole needs at least one role");
  return async function requireRole(c, next) {
    if (!roles.includes(c.get("user").role))
      throw new AppError("forbidden", `Requires role ${roles.join(" or ")}`);
    await next();
  };
}
