import { z } from "@hono/zod-openapi";
import { ROLES } from "../domain/user.ts";

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    role: z.enum(ROLES),
    /** Whether the owner followed a verification (or password reset) link. */
    emailVerified: z.boolean(),
    emailVerifiedAt: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("User");

/** The one password rule of the schemas (register, reset, change); `password-rules.ts` adds the rest. */
const NewPassword = z.string().min(10).max(256);

export const RegisterSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()),
    password: NewPassword,
    name: z.string().trim().min(1).max(120),
    role: z.enum(["student", "instructor"]),
  })
  .openapi("Registration");

export const CredentialsSchema = z
  .object({ email: z.string().min(1).max(254), password: z.string().min(1).max(256) })
  .openapi("Credentials");

export const RefreshSchema = z
  .object({ refresh_token: z.string().min(1).max(4096) })
  .openapi("RefreshRequest");

export const LogoutSchema = z
  .object({ refresh_token: z.string().min(1).max(4096).optional() })
  .openapi("LogoutRequest");

export const TokenPairSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int(),
  })
  .openapi("TokenPair");

export const AccessTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int(),
  })
  .openapi("AccessToken");

export const RoleChangeSchema = z.object({ role: z.enum(ROLES) }).openapi("RoleChange");

export const JwksSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        kid: z.string(),
        alg: z.string(),
        use: z.string(),
        n: z.string(),
        e: z.string(),
      }),
    ),
  })
  .openapi("JWKS");

/** Register answers this for a new and for a taken address alike. */
export const RegistrationAcceptedSchema = z
  .object({ status: z.literal("accepted"), message: z.string() })
  .openapi("RegistrationAccepted");

/** An e-mailed link's secret, as the console page reads it from the link. */
const LinkToken = z.string().min(16).max(256);

export const VerifyEmailSchema = z.object({ token: LinkToken }).openapi("VerifyEmail");

export const ForgotPasswordSchema = z
  .object({ email: z.string().trim().min(1).max(254) })
  .openapi("ForgotPassword");

export const ResetPasswordSchema = z
  .object({ token: LinkToken, password: NewPassword })
  .openapi("ResetPassword");

export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword })
  .openapi("ChangePassword");

/** Answers that say what happened in plain words and nothing more. */
export const AcceptedSchema = z.object({ message: z.string() }).openapi("Accepted");
