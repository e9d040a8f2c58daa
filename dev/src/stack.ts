import { join } from "node:path";
import { COURSECAST_INDEXES, startDataApi } from "@coursecast/data-api";
import { startS3Server } from "./s3/index.ts";
import { startUpstashShim } from "./upstash/index.ts";
import { startMailOutbox } from "./mail-outbox/index.ts";
import { localStackDefaults, type LocalStackDefaults } from "./stack-config.ts";

export interface StackOptions {
  /** Where S3 objects and gateway data are kept (persisted across restarts). */
  dataDir: string;
  /** 0 picks a free port (tests); the defaults are the documented local ports. */
  ports?: { s3?: number; upstash?: number; dataApi?: number; mailOutbox?: number };
  silent?: boolean;
  /** Bucket name; tests may use their own. */
  bucket?: string;
}

/** What a client needs to reach each stand-in (and the already running RabbitMQ). */
export interface StackEndpoints {
  s3: { url: string; accessKeyId: string; secretAccessKey: string; bucket: string; region: string };
  upstash: { url: string; token: string };
  dataApi: { url: string; apiKey: string; dataSource: string; database: string };
  /** Where the edge sends e-mail in development; tests read it back from here. */
  mailOutbox?: { url: string };
  rabbitmq: LocalStackDefaults["rabbitmq"];
}

export interface Stack extends StackEndpoints {
  close(): Promise<void>;
}

/** Starts the S3 stand-in, the Upstash shim and the Data API gateway. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const defaults = localStackDefaults();
  const bucket = options.bucket ?? defaults.s3.bucket;
  const silent = options.silent ?? false;
  const s3 = await startS3Server({
    port: options.ports?.s3 ?? defaults.s3.port,
    host: defaults.host,
    directory: join(options.dataDir, "s3"),
    accessKeyId: defaults.s3.accessKeyId,
    secretAccessKey: defaults.s3.secretAccessKey,
    region: defaults.s3.region,
    buckets: [bucket],
    silent,
  });
  const closers: Array<() => Promise<void>> = [() => s3.close()];
  try {
    const upstash = await startUpstashShim({
      port: options.ports?.upstash ?? defaults.upstash.port,
      host: defaults.host,
      token: defaults.upstash.token,
      redisUrl: defaults.redisUrl,
      silent,
    });
    closers.push(() => upstash.close());
    const dataApi = await startDataApi({
      port: options.ports?.dataApi ?? defaults.dataApi.port,
      host: defaults.host,
      apiKeys: [defaults.dataApi.apiKey],
      ...(defaults.dataApi.mongodbUri
        ? { mongodbUri: defaults.dataApi.mongodbUri }
        : { dataDir: join(options.dataDir, "data-api") }),
      indexes: COURSECAST_INDEXES,
      silent,
    });
    closers.push(() => dataApi.close());
    const mailOutbox = await startMailOutbox({
      port: options.ports?.mailOutbox ?? defaults.mailOutbox.port,
      host: defaults.host,
      silent,
    });
    closers.push(() => mailOutbox.close());
    return {
      s3: { url: s3.url, ...defaults.s3, bucket },
      upstash: { url: upstash.url, token: defaults.upstash.token },
      dataApi: {
        url: dataApi.url,
        apiKey: defaults.dataApi.apiKey,
        dataSource: "local",
        database: "coursecast",
      },
      mailOutbox: { url: mailOutbox.url },
      rabbitmq: defaults.rabbitmq,
      close: async () => {
        await Promise.allSettled(closers.reverse().map((close) => close()));
      },
    };
  } catch (err) {
    await Promise.allSettled(closers.map((close) => close()));
    throw err;
  }
}

/** The Worker's bindings (vars and secrets) that point it at a running stack. */
export function edgeBindings(stack: StackEndpoints, publicUrl: string): Record<string, string> {
  return {
    PUBLIC_URL: publicUrl,
    JWT_ISSUER: publicUrl,
    UPSTASH_REDIS_REST_URL: stack.upstash.url,
    UPSTASH_REDIS_REST_TOKEN: stack.upstash.token,
    DATA_API_URL: stack.dataApi.url,
    DATA_API_KEY: stack.dataApi.apiKey,
    DATA_API_DATA_SOURCE: stack.dataApi.dataSource,
    DATA_API_DATABASE: stack.dataApi.database,
    S3_ENDPOINT: stack.s3.url,
    S3_REGION: stack.s3.region,
    S3_BUCKET: stack.s3.bucket,
    S3_ACCESS_KEY_ID: stack.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
    RABBITMQ_API_URL: stack.rabbitmq.apiUrl,
    RABBITMQ_VHOST: stack.rabbitmq.vhost,
    RABBITMQ_API_USER: stack.rabbitmq.user,
    RABBITMQ_API_PASSWORD: stack.rabbitmq.password,
    ...(stack.mailOutbox ? { MAIL_OUTBOX_URL: stack.mailOutbox.url } : {}),
  };
}
