import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { readCredentials } from "./credentials.ts";
import { clientIp, enforceRateLimit } from "../http/rate-limit.ts";
import { AccessTokenSchema, ChangePasswordSchema, CredentialsSchema } from "./schemas.ts";
import { changePassword } from "./account/change-password.ts";
import { authenticate } from "./middleware.ts";
import { loginWithLimits } from "./login-limits.ts";
import { logout, refresh } from "./sessions.ts";
import type { TokenPair } from "./tokens/sign-token.ts";
import { toAuthUser } from "./bearer.ts";
import { verifyToken } from "./tokens/verify-token.ts";

/**
 * The web console keeps its access token in memory only and its refresh token
 * in this HttpOnly, Secure, SameSite=Strict cookie, scoped to these routes:
 * page scripts (and so an XSS) never see the long-lived credential.
 */
const COOKIE = "cc_refresh";
const PATH = "/auth/console";

function sameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  const config = c.get("services").config;
  if (
    origin &&
    origin !== new URL(config.PUBLIC_URL).origin &&
    !config.CORS_ORIGINS.includes(origin)
  ) {
    throw new AppError("forbidden", "Cross-site request refused");
  }
}

function issue(c: Context<AppEnv>, pair: TokenPair) {
  const config = c.get("services").config;
  setCookie(c, COOKIE, pair.refresh.token, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: PATH,
    maxAge: config.REFRESH_TOKEN_TTL_SECONDS,
  });
  return c.json(
    {
      access_token: pair.access.token,
      token_type: "Bearer" as const,
      expires_in: config.ACCESS_TOKEN_TTL_SECONDS,
    },
    200,
  );
}

const tokenResponse = {
  description: "An access token; the refresh token is set as a cookie",
  content: { "application/json": { schema: AccessTokenSchema } },
};

export const consoleSessionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: `${PATH}/login`,
      tags: ["console"],
      summary: "Log in for the web console (refresh token in an HttpOnly cookie)",
      request: {
        body: { content: { "application/json": { schema: CredentialsSchema } }, required: true },
      },
      responses: {
        200: tokenResponse,
        401: errorResponse("Wrong e-mail or password"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      sameOrigin(c);
      const { email, password } = await readCredentials(c);
      return issue(c, await loginWithLimits(c, email, password));
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${PATH}/refresh`,
      tags: ["console"],
      summary: "Silent refresh from the cookie (rotates it)",
      responses: { 200: tokenResponse, 401: errorResponse("No valid session") },
    }),
    async (c) => {
      sameOrigin(c);
      await enforceRateLimit(c, "refresh", clientIp(c));
      const token = getCookie(c, COOKIE);
      if (!token) throw new AppError("unauthenticated", "No console session");
      try {
        return issue(c, await refresh(c.get("services"), token));
      } catch (err) {
        deleteCookie(c, COOKIE, { path: PATH, secure: true });
        throw err;
      }
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${PATH}/logout`,
      tags: ["console"],
      summary: "End the console session",
      responses: { 204: { description: "Logged out" } },
    }),
    async (c) => {
      sameOrigin(c);
      const token = getCookie(c, COOKIE);
      const services = c.get("services");
      if (token) {
        const claims = await verifyToken(services.config, token, "refresh").catch(() => null);
        if (claims) await logout(services, toAuthUser(claims));
      }
      deleteCookie(c, COOKIE, { path: PATH, secure: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: `${PATH}/password`,
      tags: ["console"],
      summary: "Change the password from the console; ends every other session, renews the cookie",
      security: [{ bearerAuth: [] }],
      middleware: [authenticate()] as const,
      request: {
        body: { content: { "application/json": { schema: ChangePasswordSchema } }, required: true },
      },
      responses: {
        200: tokenResponse,
        400: errorResponse("Wrong current password, or the new one does not meet the rules"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      sameOrigin(c);
      await enforceRateLimit(c, "login_ip", clientIp(c));
      const { currentPassword, newPassword } = c.req.valid("json");
      return issue(
        c,
        await changePassword(c.get("services"), c.get("user"), currentPassword, newPassword),
      );
    },
  );
