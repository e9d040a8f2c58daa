import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COURSECAST_INDEXES } from "./indexes.ts";
import { startDataApi } from "./start.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const api = await startDataApi({
  port: Number(process.env.DATA_API_PORT ?? 8090),
  host: process.env.DATA_API_HOST ?? "127.0.0.1",
  apiKeys: (process.env.DATA_API_KEYS ?? "coursecast-dev-key")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean),
  ...(process.env.MONGODB_URI
    ? { mongodbUri: process.env.MONGODB_URI }
    : { dataDir: process.env.DATA_API_DIR ?? join(repoRoot, ".data", "data-api") }),
  indexes: process.env.DATA_API_INDEXES
    ? JSON.parse(process.env.DATA_API_INDEXES)
    : COURSECAST_INDEXES,
});
console.log(
  JSON.stringify({ component: "data-api", msg: "listening", url: api.url, backend: api.backend }),
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void api.close().then(() => process.exit(0)));
