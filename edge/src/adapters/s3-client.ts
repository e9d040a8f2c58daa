import { AwsClient } from "aws4fetch";
import type { Config } from "../config.ts";
import { DependencyError } from "../errors.ts";
import { backendFetch } from "./backend-fetch.ts";

/**
 * SigV4 client of one S3-compatible bucket (R2, S3, MinIO, the local stand-in),
 * path-style so that the same code works against every one of them.
 */
export class S3Bucket {
  readonly aws: AwsClient;
  readonly bucket: string;
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(config: Config) {
    this.aws = new AwsClient({
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      region: config.S3_REGION,
      service: "s3",
      retries: 0,
    });
    this.bucket = config.S3_BUCKET;
    this.endpoint = config.S3_ENDPOINT.replace(/\/$/, "");
    this.timeoutMs = config.BACKEND_TIMEOUT_MS;
  }

  /** Path-style URL of a key; each path segment is encoded, slashes kept. */
  objectUrl(key: string): URL {
    const path = key.split("/").map(encodeURIComponent).join("/");
    return new URL(`${this.endpoint}/${this.bucket}/${path}`);
  }

  bucketUrl(): URL {
    return new URL(`${this.endpoint}/${this.bucket}`);
  }

  /** Sends a header-signed request to S3 with the backend deadline (or a longer one). */
  async send(url: URL, init: RequestInit = {}, timeoutMs = this.timeoutMs): Promise<Response> {
    const signed = await this.aws.sign(url.toString(), init);
    return backendFetch("s3", signed, {}, Math.max(timeoutMs, this.timeoutMs));
  }

  async ping(): Promise<void> {
    const response = await this.send(this.bucketUrl(), { method: "HEAD" });
    if (!response.ok) throw new DependencyError("s3", `HEAD bucket answered ${response.status}`);
  }
}
