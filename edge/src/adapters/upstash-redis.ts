import { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../config.ts";

/**
 * One Upstash REST client per isolate. Retries are kept short: an auth check
 * that cannot reach Redis must fail closed quickly, not after seconds of backoff.
 */
export function createRedis(config: Config): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    retry: { retries: 1, backoff: () => 50 },
    // One request per command: a failed batch would otherwise reject promises nobody awaits.
    enableAutoPipelining: false,
    signal: () => AbortSignal.timeout(config.BACKEND_TIMEOUT_MS),
  });
}
