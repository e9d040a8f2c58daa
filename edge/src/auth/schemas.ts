import { z } from "@hono/zod-openapi";
import { ROLES } from "../domain/user.ts";

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
  })
  .openapi("User");

export const RegisterSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()),
    password: z.string().min(10).max(256),
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
