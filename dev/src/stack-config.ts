import { fileURLToPath } from "node:url";
import { DEV_UPSTASH_TOKEN } from "./upstash/env-config.ts";

/** Repository root, for default data directories (`.data/`). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

function env(name: string, fallback: string): string {
  return process.env[name] || fallback;
}

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number`);
  return value;
}

/** Local defaults for every stand-in; each can be overridden from the environment. */
export function localStackDefaults() {
  return {
    host: env("STACK_HOST", "127.0.0.1"),
    dataDir: env("DATA_DIR", `${REPO_ROOT}.data`),
    edgePort: port("EDGE_PORT", 8787),
    s3: {
      port: port("S3_PORT", 9000),
      accessKeyId: env("S3_ACCESS_KEY_ID", "coursecast"),
      secretAccessKey: env("S3_SECRET_ACCESS_KEY", "coursecast-secret"),
      bucket: env("S3_BUCKET", "coursecast"),
      region: env("S3_REGION", "us-east-1"),
    },
    upstash: {
      port: port("UPSTASH_PORT", 8079),
      token: env("UPSTASH_TOKEN", DEV_UPSTASH_TOKEN),
    },
    dataApi: {
      port: port("DATA_API_PORT", 8090),
      apiKey: env("DATA_API_KEY", "coursecast-dev-key"),
      mongodbUri: process.env.MONGODB_URI,
    },
    /** The mail capture the edge sends to under `npm run dev` (see dev/src/mail-outbox). */
    mailOutbox: { port: port("MAIL_OUTBOX_PORT", 8025) },
    rabbitmq: {
      apiUrl: env("RABBITMQ_API_URL", "http://127.0.0.1:15672"),
      amqpUrl: env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"),
      user: env("RABBITMQ_USER", "guest"),
      password: env("RABBITMQ_PASSWORD", "guest"),
      vhost: env("RABBITMQ_VHOST", "/"),
    },
    redisUrl: env("REDIS_URL", "redis://127.0.0.1:6379"),
  };
}

export type LocalStackDefaults = ReturnType<typeof localStackDefaults>;
