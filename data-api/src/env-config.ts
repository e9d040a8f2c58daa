import { join } from "node:path";
import { COURSECAST_INDEXES } from "./indexes.ts";
import type { DataApiOptions } from "./start.ts";

/** The key `npm run dev` and the edge's local settings share; never valid outside development. */
export const DEV_API_KEY = "coursecast-dev-key";
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** A setting that would leave the gateway open; `main.ts` exits with its message. */
export class GatewayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatewayConfigError";
  }
}

/**
 * The gateway's options from the environment. Only `NODE_ENV=development`
 * falls back to the well-known development key, and then only on a loopback
 * address; anywhere else `DATA_API_KEYS` is required and may not contain it.
 */
export function gatewayOptionsFromEnv(
  env: Record<string, string | undefined>,
  repoRoot: string,
): DataApiOptions {
  const development = env.NODE_ENV === "development";
  const host = env.DATA_API_HOST || "127.0.0.1";
  const given = (env.DATA_API_KEYS ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  if (given.length === 0 && !development)
    throw new GatewayConfigError(
      "DATA_API_KEYS is required (a comma list of api keys); only NODE_ENV=development falls back to the development key",
    );
  if (!development && given.includes(DEV_API_KEY))
    throw new GatewayConfigError(
      "DATA_API_KEYS contains the well-known development key: use a secret one",
    );
  const apiKeys = given.length ? given : [DEV_API_KEY];
  if (apiKeys.includes(DEV_API_KEY) && !LOOPBACK.has(host))
    throw new GatewayConfigError(
      `the development key only serves a loopback address, not DATA_API_HOST=${host}: set DATA_API_KEYS`,
    );
  return {
    port: Number(env.DATA_API_PORT ?? 8090),
    host,
    apiKeys,
    ...(env.MONGODB_URI
      ? { mongodbUri: env.MONGODB_URI }
      : { dataDir: env.DATA_API_DIR ?? join(repoRoot, ".data", "data-api") }),
    indexes: env.DATA_API_INDEXES ? JSON.parse(env.DATA_API_INDEXES) : COURSECAST_INDEXES,
  };
}
