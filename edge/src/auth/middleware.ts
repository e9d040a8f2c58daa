import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import type { Role } from "../domain/user.ts";
import { authenticatedUser, bearerToken } from "./bearer.ts";

/** Puts the caller of a valid, unrevoked access token on the context as `user`. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (!token)
      throw new AppError("unauthenticated", "Missing bearer token", {
        headers: { "WWW-Authenticate": "Bearer" },
      });
    c.set("user", await authenticatedUser(c.get("services"), token));
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
