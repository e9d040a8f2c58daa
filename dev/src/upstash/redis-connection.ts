import Redis from "ioredis";

/**
 * A connection that fails commands at once while Redis is away (no offline
 * queue, no per-request retries) and reconnects in the background, so that the
 * edge behind the shim fails closed quickly and recovers by itself.
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Connection errors are reported per request; the default handler would only spam stderr.
  redis.on("error", () => undefined);
  return redis;
}
