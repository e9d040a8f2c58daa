import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import { enforceRateLimit, clientIp } from "../http/rate-limit.ts";
import { CredentialsSchema } from "./schemas.ts";

/** `curl -u email:password` support, as scripts of older video services did. */
function basicCredentials(header: string | undefined): { email: string; password: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  return colon > 0 ? { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

/** Login credentials from HTTP Basic or a JSON body, rate limited per client (failures: `loginWithLimits`). */
export async function readCredentials(
  c: Context<AppEnv>,
): Promise<{ email: string; password: string }> {
  const basic = basicCredentials(c.req.header("authorization"));
  const credentials =
    basic ?? CredentialsSchema.safeParse(await c.req.json().catch(() => null)).data;
  if (!credentials)
    throw new AppError("validation_failed", "email and password are required", { field: "email" });
  await enforceRateLimit(c, "login_ip", clientIp(c));
  return credentials;
}
