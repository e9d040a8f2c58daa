import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { authenticate } from "./middleware.ts";
import { toPublicUser } from "./public-user.ts";
import { clientIp, enforceRateLimit } from "../http/rate-limit.ts";
import { readCredentials } from "./credentials.ts";
import { inBackground } from "../http/in-background.ts";
import { mailAfterRegistration, register } from "./register.ts";
import {
  CredentialsSchema,
  JwksSchema,
  LogoutSchema,
  RefreshSchema,
  RegisterSchema,
  RegistrationAcceptedSchema,
  TokenPairSchema,
  UserSchema,
} from "./schemas.ts";
import { loginWithLimits } from "./login-limits.ts";
import { logout, refresh } from "./sessions.ts";
import { loadKeySet } from "./tokens/key-set.ts";
import { tokenPairBody } from "./token-response.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const bearer = [{ bearerAuth: [] }];

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/register",
      tags: ["auth"],
      summary: "Create a student or instructor account",
      description:
        "Answers 202 alike whether the address was free or taken, so it reveals no accounts. A new account can log in at once and gets a verification link by e-mail; the owner of a taken address gets an e-mail saying someone tried.",
      request: {
        body: { content: { "application/json": { schema: RegisterSchema } }, required: true },
      },
      responses: {
        202: json(RegistrationAcceptedSchema, "Registration taken in; see your e-mail"),
        400: errorResponse("Invalid input"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      await enforceRateLimit(c, "register", clientIp(c));
      await enforceRateLimit(c, "register_global", "all");
      const services = c.get("services");
      const outcome = await register(services, c.req.valid("json"));
      // After the answer, so sending (or not) an e-mail does not show in its timing.
      await inBackground(c, "send the registration e-mail", () =>
        mailAfterRegistration(services, outcome),
      );
      return c.json(
        {
          status: "accepted" as const,
          message:
            "Thanks! If this address was not registered yet, your account is ready: log in with it. We sent an e-mail to the address; follow its link to confirm it.",
        },
        202,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags: ["auth"],
      summary: "Log in with e-mail and password (JSON body or HTTP Basic)",
      request: {
        body: { content: { "application/json": { schema: CredentialsSchema } }, required: false },
      },
      responses: {
        200: json(TokenPairSchema, "Access and refresh tokens"),
        401: errorResponse("Wrong e-mail or password"),
        429: errorResponse("Rate limited"),
        503: errorResponse("A dependency is down"),
      },
    }),
    async (c) => {
      const { email, password } = await readCredentials(c);
      const services = c.get("services");
      return c.json(tokenPairBody(services.config, await loginWithLimits(c, email, password)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/refresh",
      tags: ["auth"],
      summary: "Rotate a refresh token; replaying an old one revokes its whole family",
      request: {
        body: { content: { "application/json": { schema: RefreshSchema } }, required: true },
      },
      responses: {
        200: json(TokenPairSchema, "A new token pair"),
        401: errorResponse("Invalid, expired or reused refresh token"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      await enforceRateLimit(c, "refresh", clientIp(c));
      const services = c.get("services");
      return c.json(
        tokenPairBody(services.config, await refresh(services, c.req.valid("json").refresh_token)),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      tags: ["auth"],
      summary: "Revoke the access token and its refresh family",
      security: bearer,
      middleware: [authenticate()] as const,
      request: {
        body: { content: { "application/json": { schema: LogoutSchema } }, required: false },
      },
      responses: { 204: { description: "Logged out" }, 401: errorResponse("Not authenticated") },
    }),
    async (c) => {
      // Validated when sent; the body is optional.
      const body: { refresh_token?: string } | undefined = c.req.valid("json");
      await logout(c.get("services"), c.get("user"), body?.refresh_token);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/auth/me",
      tags: ["auth"],
      summary: "The current user",
      security: bearer,
      middleware: [authenticate()] as const,
      responses: {
        200: json(z.object({ user: UserSchema }), "The current user"),
        401: errorResponse("Not authenticated"),
      },
    }),
    async (c) => {
      const user = await c.get("services").users.findById(c.get("user").id);
      if (!user) throw new AppError("token_revoked", "Account no longer exists");
      return c.json({ user: toPublicUser(user) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/.well-known/jwks.json",
      tags: ["auth"],
      summary: "Public keys that verify coursecast tokens",
      responses: { 200: json(JwksSchema, "JSON Web Key Set") },
    }),
    async (c) => {
      const { publicJwks } = await loadKeySet(c.get("services").config.JWT_PRIVATE_JWKS);
      c.header("Cache-Control", "public, max-age=300");
      return c.json(publicJwks as z.infer<typeof JwksSchema>, 200);
    },
  );
