import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import { normaliseEmail } from "./public-user.ts";
import { applyVerdict, clientIp } from "../http/rate-limit.ts";
import { login } from "./sessions.ts";
import type { TokenPair } from "./tokens/sign-token.ts";

function keys(c: Context<AppEnv>, email: string) {
  const address = normaliseEmail(email);
  return { pair: `${address}|${clientIp(c)}`, email: address };
}

/**
 * Logs in, counting failures per (e-mail, client) and per e-mail. A client that
 * failed too often on an address is slowed down on it alone; the address is
 * blocked outright only after many more failures from everywhere. So a stranger
 * guessing cannot lock the owner out of their own client. Only failures count:
 * checking the limits costs nothing, the count is taken after a wrong password.
 */
export async function loginWithLimits(
  c: Context<AppEnv>,
  email: string,
  password: string,
): Promise<TokenPair> {
  const services = c.get("services");
  const { pair, email: address } = keys(c, email);
  const [forPair, forEmail] = await Promise.all([
    services.rateLimiter.peek("login_pair", pair),
    services.rateLimiter.peek("login_email", address),
  ]);
  applyVerdict(c, forPair.allowed ? forEmail : forPair);
  try {
    return await login(services, email, password);
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid_credentials")
      await Promise.all([
        services.rateLimiter.limit("login_pair", pair),
        services.rateLimiter.limit("login_email", address),
      ]);
    throw err;
  }
}
