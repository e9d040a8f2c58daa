import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";

/**
 * With `REQUIRE_VERIFIED_UPLOADERS` on (production), starting an upload needs a
 * verified address: one account per real inbox before anything is stored. The
 * message names the caller's own address only. Runs after `authenticate()`.
 */
export function requireVerifiedUploader(): MiddlewareHandler<AppEnv> {
  return async function requireVerifiedUploader(c, next) {
    const services = c.get("services");
    if (services.config.REQUIRE_VERIFIED_UPLOADERS) {
      const user = await services.users.findById(c.get("user").id);
      if (!user) throw new AppError("token_revoked", "Account no longer exists");
      if (!user.emailVerified)
        throw new AppError(
          "forbidden",
          `Verify your e-mail address before uploading: we sent a link to ${user.email}. No e-mail? Ask for a new link on your account page.`,
        );
    }
    await next();
  };
}
