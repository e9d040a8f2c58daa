import { join } from "node:path";
import { localStackDefaults } from "../stack-config.ts";
import { startS3Server } from "./server.ts";

// The S3 stand-in alone: `node dev/src/s3/main.ts`, configured like `npm run dev` configures it
// (S3_PORT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_BUCKET, S3_REGION, STACK_HOST), plus
// S3_DATA_DIR (default <repo>/.data/s3) and CORS_ORIGINS (comma-separated, default any).
const defaults = localStackDefaults();
const corsOrigins = (process.env.CORS_ORIGINS ?? "")
  .split(",")
  .map((origin) => origin.trim())
  .filter(Boolean);
const server = await startS3Server({
  port: defaults.s3.port,
  host: defaults.host,
  directory: process.env.S3_DATA_DIR || join(defaults.dataDir, "s3"),
  accessKeyId: defaults.s3.accessKeyId,
  secretAccessKey: defaults.s3.secretAccessKey,
  region: defaults.s3.region,
  buckets: [defaults.s3.bucket],
  corsOrigins,
  silent: true,
});
console.log(
  JSON.stringify({
    level: "info",
    component: "s3",
    msg: "listening",
    url: server.url,
    buckets: [defaults.s3.bucket],
  }),
);

function stop(signal: string) {
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(
        JSON.stringify({
          level: "error",
          component: "s3",
          msg: "close failed",
          signal,
          error: String(err),
        }),
      );
      process.exit(1);
    },
  );
}
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
