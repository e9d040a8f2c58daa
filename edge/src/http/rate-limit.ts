import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import type { RateLimitName } from "../ports/rate-limiter.ts";

/** The caller's address as Cloudflare reports it. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

/** Applies one limit; sets the RateLimit-* headers and answers 429 with Retry-After when exceeded. */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  name: RateLimitName,
  key: string,
): Promise<void> {
  const verdict = await c.get("services").rateLimiter.limit(name, key);
  const resetSeconds = Math.max(0, Math.ceil((verdict.reset - Date.now()) / 1000));
  const headers = {
    "RateLimit-Limit": String(verdict.limit),
    "RateLimit-Remaining": String(Math.max(0, verdict.remaining)),
    "RateLimit-Reset": String(resetSeconds),
  };
  for (const [header, value] of Object.entries(headers)) c.header(header, value);
  if (!verdict.allowed) {
    throw new AppError("rate_limited", "Too many requests; try again later", {
      retryAfter: Math.max(1, resetSeconds),
      headers,
    });
  }
}
