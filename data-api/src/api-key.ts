import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { DataApiError } from "./errors.ts";

/**
 * Checks the `api-key` header (Atlas also accepted `apiKey`, which its own
 * examples used) against the configured keys. Several keys are accepted at once
 * so that a key can be rotated without downtime.
 */
export function apiKeyAuth(keys: string[]): MiddlewareHandler {
  if (keys.length === 0 || keys.some((key) => key.length === 0))
    throw new Error("apiKeyAuth needs at least one non-empty api key");
  const accepted = keys.map((key) => Buffer.from(key));
  return async function apiKey(c, next) {
    const given = c.req.header("api-key") ?? c.req.header("apiKey");
    if (!given) throw new DataApiError("InvalidSession", "missing api-key header");
    const candidate = Buffer.from(given);
    const valid = accepted.some(
      (key) => key.length === candidate.length && timingSafeEqual(key, candidate),
    );
    if (!valid) throw new DataApiError("InvalidSession", "invalid api key");
    await next();
  };
}
