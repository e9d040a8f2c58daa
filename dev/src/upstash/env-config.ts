import type { UpstashShimOptions } from "./server.ts";

/** The token `npm run dev` and the edge's local settings share; never valid outside development. */
export const DEV_UPSTASH_TOKEN = "coursecast-dev-token";

/** A setting that would leave the shim open; `main.ts` exits with its message. */
export class ShimConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShimConfigError";
  }
}

/**
 * The shim's options from the environment, by the data-api gateway's rule: only
 * `NODE_ENV=development` falls back to the well-known development token;
 * anywhere else `UPSTASH_TOKEN` is required and may not be that token. (The
 * shim listens on loopback only, so the gateway's loopback check has no twin.)
 */
export function shimOptionsFromEnv(env: Record<string, string | undefined>): UpstashShimOptions {
  const development = env.NODE_ENV === "development";
  const given = env.UPSTASH_TOKEN?.trim() ?? "";
  if (!given && !development)
    throw new ShimConfigError(
      "UPSTASH_TOKEN is required; only NODE_ENV=development falls back to the development token",
    );
  if (!development && given === DEV_UPSTASH_TOKEN)
    throw new ShimConfigError(
      "UPSTASH_TOKEN is the well-known development token: use a secret one",
    );
  return {
    port: Number(env.UPSTASH_PORT ?? 8079),
    token: given || DEV_UPSTASH_TOKEN,
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}
