import type { S3Client } from "@aws-sdk/client-s3";
import type { DevStackProcess } from "@coursecast/dev";
import { standInS3Client } from "@coursecast/dev/test-support";

/** A client for a dev stack's S3 stand-in, with the keys `npm run dev` gives it by default. */
export function devStackS3Client(stack: DevStackProcess): S3Client {
  return standInS3Client({
    endpoint: `http://127.0.0.1:${stack.ports.s3}`,
    credentials: { accessKeyId: "coursecast", secretAccessKey: "coursecast-secret" },
  });
}
