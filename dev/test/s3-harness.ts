import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll } from "vitest";
import { startS3Server, type S3Server } from "../src/s3/index.ts";
import { standInS3Client } from "../src/test-support/s3-client.ts";

export const credentials = { accessKeyId: "test-key", secretAccessKey: "test-secret" };
export const region = "us-east-1";
export const bucket = "media";
export const consoleOrigin = "http://console.test";
export const MiB = 1024 * 1024;

/** A stand-in on a free port over a temporary directory, with the clients the tests drive it with. */
export interface S3TestServer {
  server: S3Server;
  dir: string;
  /** The real AWS SDK client, configured as the project's Node services configure theirs. */
  sdk(options?: {
    credentials?: typeof credentials;
    region?: string;
    requestChecksumCalculation?: "WHEN_REQUIRED" | "WHEN_SUPPORTED";
  }): S3Client;
  /** aws4fetch, the signer the edge Worker uses. */
  aws(creds?: typeof credentials): AwsClient;
  /** Path-style URL of a key, each segment encoded the way the edge encodes it. */
  objectUrl(key: string): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestS3(): Promise<S3TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "s3-stand-in-"));
  const start = () =>
    startS3Server({
      port: 0,
      directory: dir,
      ...credentials,
      region,
      buckets: [bucket],
      corsOrigins: [consoleOrigin],
      silent: true,
    });
  const harness: S3TestServer = {
    server: await start(),
    dir,
    sdk: (options = {}) =>
      standInS3Client({
        endpoint: harness.server.url,
        region: options.region ?? region,
        credentials: options.credentials ?? credentials,
        requestChecksumCalculation: options.requestChecksumCalculation,
        maxAttempts: 1,
      }),
    aws: (creds = credentials) => new AwsClient({ ...creds, region, service: "s3", retries: 0 }),
    objectUrl: (key) =>
      `${harness.server.url}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`,
    restart: async () => {
      await harness.server.close();
      harness.server = await start();
    },
    stop: async () => {
      await harness.server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * The stand-in of one test file: started before its tests (then `setup`, for the
 * objects they read), stopped and removed after them. Call it at the top level of
 * the file; what it returns reads the running stand-in, so tests write `s3.sdk()`.
 */
export function useTestS3(setup?: (s3: S3TestServer) => Promise<void>): S3TestServer {
  let running: S3TestServer | undefined;
  beforeAll(async () => {
    running = await startTestS3();
    await setup?.(running);
  });
  afterAll(() => running?.stop());
  const current = () => {
    if (!running) throw new Error("useTestS3: the stand-in is read before beforeAll started it");
    return running;
  };
  return {
    get server() {
      return current().server;
    },
    get dir() {
      return current().dir;
    },
    sdk: (options) => current().sdk(options),
    aws: (creds) => current().aws(creds),
    objectUrl: (key) => current().objectUrl(key),
    restart: () => current().restart(),
    stop: () => current().stop(),
  };
}

/** Presigns with aws4fetch as the edge does (`signQuery`, every given header signed). */
export async function presignWithAws4fetch(
  client: AwsClient,
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    expiresIn?: number;
    datetime?: string;
  },
): Promise<string> {
  const target = new URL(url);
  target.searchParams.set("X-Amz-Expires", String(init.expiresIn ?? 60));
  const signed = await client.sign(target.toString(), {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    aws: {
      signQuery: true,
      allHeaders: true,
      ...(init.datetime ? { datetime: init.datetime } : {}),
    },
  });
  return signed.url;
}

/** The S3 error an SDK call failed with: its name and HTTP status. */
export async function sdkError(call: Promise<unknown>): Promise<{ name: string; status?: number }> {
  const err = (await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  )) as S3ServiceException;
  return { name: err.name, status: err.$metadata?.httpStatusCode };
}

/** The S3 error code of an XML error document. */
export async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

/** `20260101T000000Z` for a date, the form SigV4 signs with. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}
