import { CreateMultipartUploadCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { bucket, consoleOrigin, MiB, presignWithAws4fetch, useTestS3 } from "./s3-harness.ts";

const s3 = useTestS3();

// Uppy's S3 client sends ListParts, CompleteMultipartUpload and AbortMultipartUpload from
// the page itself: the browser reads their answers only with the bucket's CORS headers.
describe("CORS on the multipart answers the stand-in writes itself", () => {
  it("should let the configured origin read ListParts, complete and abort", async () => {
    const create = async (key: string) =>
      (await s3.sdk().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })))
        .UploadId!;
    const presigned = async (
      key: string,
      method: string,
      uploadId: string,
      partNumber?: number,
    ) => {
      const url = new URL(s3.objectUrl(key));
      url.searchParams.set("uploadId", uploadId);
      if (partNumber) url.searchParams.set("partNumber", String(partNumber));
      return presignWithAws4fetch(s3.aws(), url.toString(), { method });
    };
    const headers = { origin: consoleOrigin };

    const uploadId = await create("cors/listed.bin");
    const part = await fetch(await presigned("cors/listed.bin", "PUT", uploadId, 1), {
      method: "PUT",
      headers,
      body: new Uint8Array(MiB),
    });
    expect(part.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    const listed = await fetch(await presigned("cors/listed.bin", "GET", uploadId), { headers });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    const other = await fetch(await presigned("cors/listed.bin", "GET", uploadId), {
      headers: { origin: "http://elsewhere.test" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();

    const etag = part.headers.get("etag")!;
    const completed = await fetch(await presigned("cors/listed.bin", "POST", uploadId), {
      method: "POST",
      headers,
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(completed.status).toBe(200);
    expect(completed.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    expect(completed.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("etag");

    const aborted = await fetch(
      await presigned("cors/aborted.bin", "DELETE", await create("cors/aborted.bin")),
      { method: "DELETE", headers },
    );
    expect(aborted.status).toBe(204);
    expect(aborted.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
  });
});
