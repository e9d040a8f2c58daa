import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";
import { clientKey } from "./client-key.ts";
import type { RateLimitName, RateLimitVerdict } from "../ports/rate-limiter.ts";

/** The caller's rate-limit key: its address as Cloudflare reports it, IPv6 by /64. */
export function clientIp(c: Context<AppEnv>): string {
  return clientKey(c.req.header("cf-connecting-ip"));
}

/** Applies one limit; sets the RateLimit-* headers and answers 429 with Retry-After when exceeded. */
export async function enforceRateLimit(
  c: Context<AppEnv>,
  name: RateLimitName,
  key: string,
): Promise<void> {
  applyVerdict(c, await c.get("services").rateLimiter.limit(name, key));
}

/** Sets the RateLimit-* headers of a verdict; 429 with Retry-After when it denies. */
export function applyVerdict(c: Context<AppEnv>, verdict: RateLimitVerdict): void {
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
