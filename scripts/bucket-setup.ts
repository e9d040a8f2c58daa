/**
 * The bucket rules coursecast needs: CORS for direct browser uploads (ETag exposed,
 * configured origins only) and lifecycle rules (temporary uploads expire after 2
 * days, incomplete multipart uploads are aborted after 1 day). Prints them; with
 * --apply sets them through the S3 API (R2 and S3 alike).
 *   S3_ENDPOINT=… S3_BUCKET=… S3_ACCESS_KEY_ID=… S3_SECRET_ACCESS_KEY=… CORS_ORIGINS=https://courses.example.com \
 *     node scripts/bucket-setup.ts [--apply]
 */
import {
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  type CORSRule,
  type LifecycleRule,
} from "@aws-sdk/client-s3";

export function corsRules(origins: string[]): CORSRule[] {
  if (origins.length === 0 || origins.includes("*"))
    throw new Error("CORS_ORIGINS must list the console's origins (no wildcard)");
  return [
    {
      AllowedOrigins: origins,
      AllowedMethods: ["GET", "PUT", "HEAD"],
      AllowedHeaders: ["content-type", "content-length", "range"],
      // Multipart uploads read each part's ETag from the PUT response.
      ExposeHeaders: ["ETag"],
      MaxAgeSeconds: 3600,
    },
  ];
}

export function lifecycleRules(): LifecycleRule[] {
  return [
    {
      ID: "expire-temporary-uploads",
      Status: "Enabled",
      Filter: { Prefix: "uploads/" },
      Expiration: { Days: 2 },
    },
    {
      ID: "abort-incomplete-multipart",
      Status: "Enabled",
      Filter: { Prefix: "" },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
  ];
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const origins = (process.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  const rules = { cors: corsRules(origins), lifecycle: lifecycleRules() };
  console.log(JSON.stringify(rules, null, 2));
  if (process.argv.includes("--apply")) {
    const bucket = process.env.S3_BUCKET ?? "";
    const s3 = new S3Client({
      endpoint: process.env.S3_ENDPOINT,
      region: process.env.S3_REGION ?? "auto",
      forcePathStyle: true,
      credentials: {
        accessKeyId: process.env.S3_ACCESS_KEY_ID ?? "",
        secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? "",
      },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    await s3.send(
      new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules.cors } }),
    );
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: rules.lifecycle },
      }),
    );
    console.log(`applied to ${bucket}`);
  }
}
