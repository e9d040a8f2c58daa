import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { inBackground } from "../http/in-background.ts";
import { clientIp, enforceRateLimit } from "../http/rate-limit.ts";
import { errorResponse } from "../http/schemas.ts";
import { changePassword } from "./account/change-password.ts";
import { resetPassword, sendPasswordReset } from "./account/password-reset.ts";
import { sendVerificationEmail, verifyEmail } from "./account/verify-email.ts";
import { authenticate } from "./middleware.ts";
import { normaliseEmail, toPublicUser } from "./public-user.ts";
import {
  AcceptedSchema,
  ChangePasswordSchema,
  ForgotPasswordSchema,
  ResetPasswordSchema,
  TokenPairSchema,
  UserSchema,
  VerifyEmailSchema,
} from "./schemas.ts";
import { tokenPairBody } from "./token-response.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const bearer = [{ bearerAuth: [] }];
const linkGone = errorResponse("The link was used already, expired, or is wrong");

/** E-mail verification and passwords: the accounts people expect (README, "Accounts"). */
export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/verify",
      tags: ["auth"],
      summary: "Confirm an e-mail address with the token of a verification link (single use)",
      request: body(VerifyEmailSchema),
      responses: {
        200: json(z.object({ user: UserSchema }), "The address is verified"),
        410: linkGone,
      },
    }),
    async (c) => {
      const user = await verifyEmail(c.get("services"), c.req.valid("json").token);
      return c.json({ user: toPublicUser(user) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/verify/resend",
      tags: ["auth"],
      summary: "E-mail the signed-in user a new verification link",
      security: bearer,
      middleware: [authenticate()] as const,
      responses: {
        202: json(AcceptedSchema, "A new link is on its way"),
        409: errorResponse("The address is verified already"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      await enforceRateLimit(c, "account_mail_ip", clientIp(c));
      await enforceRateLimit(c, "verify_resend", c.get("user").id);
      const user = await services.users.findById(c.get("user").id);
      if (!user) throw new AppError("token_revoked", "Account no longer exists");
      if (user.emailVerified)
        throw new AppError("conflict", "Your e-mail address is verified already.");
      await sendVerificationEmail(services, user);
      return c.json({ message: `We sent a new link to ${user.email}.` }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password/forgot",
      tags: ["auth"],
      summary: "E-mail a password reset link (answers the same whether the address exists or not)",
      request: body(ForgotPasswordSchema),
      responses: {
        202: json(AcceptedSchema, "If the address has an account, a link is on its way"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { email } = c.req.valid("json");
      await enforceRateLimit(c, "account_mail_ip", clientIp(c));
      await enforceRateLimit(c, "forgot_email", normaliseEmail(email));
      // Looking the address up happens after the answer: its time cannot tell accounts apart.
      await inBackground(c, "send a password reset e-mail", () =>
        sendPasswordReset(services, email),
      );
      return c.json(
        {
          message:
            "If an account uses this address, we sent it a link to choose a new password. The link works once, for 30 minutes.",
        },
        202,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password/reset",
      tags: ["auth"],
      summary: "Set a new password with a reset link's token; ends every session of the user",
      request: body(ResetPasswordSchema),
      responses: {
        200: json(AcceptedSchema, "Password changed; log in with it"),
        400: errorResponse("The password does not meet the rules"),
        410: linkGone,
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid("json");
      await resetPassword(c.get("services"), token, password);
      return c.json(
        { message: "Your password is changed and you are logged out everywhere. Log in with it." },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password",
      tags: ["auth"],
      summary: "Change the signed-in user's password; ends every other session",
      description:
        "Every token issued before the change stops working, this request's included; the answer is a fresh pair for the caller.",
      security: bearer,
      middleware: [authenticate()] as const,
      request: body(ChangePasswordSchema),
      responses: {
        200: json(TokenPairSchema, "A fresh token pair for this session"),
        400: errorResponse("Wrong current password, or the new one does not meet the rules"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      // A stolen access token must not become a fast oracle for the current password.
      await enforceRateLimit(c, "login_ip", clientIp(c));
      const { currentPassword, newPassword } = c.req.valid("json");
      const pair = await changePassword(services, c.get("user"), currentPassword, newPassword);
      return c.json(tokenPairBody(services.config, pair), 200);
    },
  );
