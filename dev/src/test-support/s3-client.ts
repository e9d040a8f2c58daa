import { S3Client } from "@aws-sdk/client-s3";

export interface StandInS3ClientOptions {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  requestChecksumCalculation?: "WHEN_REQUIRED" | "WHEN_SUPPORTED";
  maxAttempts?: number;
}

/** The real AWS SDK client pointed at the S3 stand-in, configured as the Node services configure theirs. */
export function standInS3Client(options: StandInS3ClientOptions): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region ?? "us-east-1",
    forcePathStyle: true,
    credentials: options.credentials,
    requestChecksumCalculation: options.requestChecksumCalculation ?? "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}
