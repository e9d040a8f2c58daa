import { createHash } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import { bucket, errorCode, MiB, presignWithAws4fetch, sdkError, useTestS3 } from "./s3-harness.ts";

const s3 = useTestS3();

const md5 = (data: Buffer) => createHash("md5").update(data).digest();

async function createUpload(key: string, contentType?: string): Promise<string> {
  const { UploadId } = await s3
    .sdk()
    .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
  if (!UploadId) throw new Error("no UploadId");
  return UploadId;
}

async function uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer) {
  const { ETag } = await s3.sdk().send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
    }),
  );
  return { PartNumber: partNumber, ETag } satisfies CompletedPart;
}

function complete(key: string, uploadId: string, parts: CompletedPart[]) {
  return s3.sdk().send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

describe("a multipart upload the way the console sends one", () => {
  const key = "mp/lecture.mp4";
  const part1 = Buffer.alloc(5 * MiB, 1);
  const part2 = Buffer.alloc(5 * MiB, 2);
  const part3 = Buffer.from("the last part may be small");

  it("should take parts from the SDK and from URLs presigned by both signers, list them and complete", async () => {
    const uploadId = await createUpload(key, "video/mp4");
    const first = await uploadPart(key, uploadId, 1, part1);

    const sdkUrl = await getSignedUrl(
      s3.sdk(),
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 2 }),
      { expiresIn: 60 },
    );
    const second = await fetch(sdkUrl, { method: "PUT", body: part2 });
    expect(second.status).toBe(200);
    const a4fUrl = new URL(s3.objectUrl(key));
    a4fUrl.searchParams.set("partNumber", "3");
    a4fUrl.searchParams.set("uploadId", uploadId);
    const third = await fetch(
      await presignWithAws4fetch(s3.aws(), a4fUrl.toString(), { method: "PUT" }),
      {
        method: "PUT",
        body: part3,
      },
    );
    expect(third.status).toBe(200);
    expect(third.headers.get("etag")).toBe(`"${md5(part3).toString("hex")}"`);

    const listed = await s3
      .sdk()
      .send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 5 * MiB, first.ETag],
      [2, 5 * MiB, second.headers.get("etag")],
      [3, part3.length, third.headers.get("etag")],
    ]);
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Parts?.every((p) => p.LastModified instanceof Date)).toBe(true);

    const page1 = await s3
      .sdk()
      .send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 2 }));
    expect([
      page1.Parts?.map((p) => p.PartNumber),
      page1.IsTruncated,
      page1.NextPartNumberMarker,
    ]).toEqual([[1, 2], true, "2"]);
    const page2 = await s3.sdk().send(
      new ListPartsCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MaxParts: 2,
        PartNumberMarker: "2",
      }),
    );
    expect([page2.Parts?.map((p) => p.PartNumber), page2.IsTruncated]).toEqual([[3], false]);

    const done = await complete(key, uploadId, [
      first,
      { PartNumber: 2, ETag: second.headers.get("etag")! },
      { PartNumber: 3, ETag: third.headers.get("etag")! },
    ]);
    // S3's multipart ETag: md5 of the concatenated binary part md5s, then the part count.
    const expected = createHash("md5")
      .update(Buffer.concat([md5(part1), md5(part2), md5(part3)]))
      .digest("hex");
    expect(done.ETag).toBe(`"${expected}-3"`);

    const head = await s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect([head.ContentLength, head.ContentType, head.ETag]).toEqual([
      part1.length + part2.length + part3.length,
      "video/mp4",
      done.ETag,
    ]);
    const got = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.equals(Buffer.concat([part1, part2, part3]))).toBe(true);
  });

  it("should not know the upload once it is completed", async () => {
    const { UploadId } = await s3
      .sdk()
      .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mp/once.bin" }));
    const only = await uploadPart("mp/once.bin", UploadId!, 1, Buffer.from("single part"));
    await complete("mp/once.bin", UploadId!, [only]);
    expect(
      await sdkError(
        s3.sdk().send(new ListPartsCommand({ Bucket: bucket, Key: "mp/once.bin", UploadId })),
      ),
    ).toEqual({ name: "NoSuchUpload", status: 404 });
    expect(await sdkError(complete("mp/once.bin", UploadId!, [only]))).toEqual({
      name: "NoSuchUpload",
      status: 404,
    });
  });
});

describe("S3's checks on CompleteMultipartUpload", () => {
  const key = "mp/checked.bin";
  let uploadId: string;
  let small1: CompletedPart;
  let small2: CompletedPart;

  beforeAll(async () => {
    uploadId = await createUpload(key);
    small1 = await uploadPart(key, uploadId, 1, Buffer.alloc(1024, 3));
    small2 = await uploadPart(key, uploadId, 2, Buffer.alloc(10, 4));
  });

  it("should refuse a part whose ETag does not match, or a part never uploaded", async () => {
    expect(
      await sdkError(
        complete(key, uploadId, [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]),
      ),
    ).toEqual({ name: "InvalidPart", status: 400 });
    expect(await sdkError(complete(key, uploadId, [{ PartNumber: 7, ETag: small1.ETag }]))).toEqual(
      {
        name: "InvalidPart",
        status: 400,
      },
    );
  });

  it("should refuse parts out of order", async () => {
    expect(await sdkError(complete(key, uploadId, [small2, small1]))).toEqual({
      name: "InvalidPartOrder",
      status: 400,
    });
  });

  it("should refuse a part other than the last under 5 MiB", async () => {
    expect(await sdkError(complete(key, uploadId, [small1, small2]))).toEqual({
      name: "EntityTooSmall",
      status: 400,
    });
  });

  it("should read a complete body of up to 4 MiB and refuse a larger one as MalformedXML", async () => {
    const url = new URL(s3.objectUrl(key));
    url.searchParams.set("uploadId", uploadId);
    const padded = (bytes: number) => {
      const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${small1.ETag}</ETag></Part></CompleteMultipartUpload>`;
      return xml.replace(
        "</CompleteMultipartUpload>",
        `${" ".repeat(bytes - xml.length)}</CompleteMultipartUpload>`,
      );
    };
    const tooLarge = await s3
      .aws()
      .fetch(url.toString(), { method: "POST", body: padded(4 * MiB + 1) });
    expect(tooLarge.status).toBe(400);
    expect(await errorCode(tooLarge)).toBe("MalformedXML");
    // The refused complete left the upload as it was: the next test completes it.
    const parts = await s3
      .sdk()
      .send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
  });

  it("should leave the upload usable after a refused complete", async () => {
    const done = await complete(key, uploadId, [small1]);
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-1"$/);
    const head = await s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(1024);
  });
});

describe("aborting and unknown uploads", () => {
  it("should abort with 204, after which the upload no longer exists", async () => {
    const key = "mp/aborted.bin";
    const uploadId = await createUpload(key);
    const part = await uploadPart(key, uploadId, 1, Buffer.alloc(100, 5));
    const abortUrl = new URL(s3.objectUrl(key));
    abortUrl.searchParams.set("uploadId", uploadId);
    const aborted = await s3.aws().fetch(abortUrl.toString(), { method: "DELETE" });
    expect(aborted.status).toBe(204);

    const noSuchUpload = { name: "NoSuchUpload", status: 404 };
    expect(
      await sdkError(
        s3.sdk().send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
      ),
    ).toEqual(noSuchUpload);
    expect(await sdkError(uploadPart(key, uploadId, 2, Buffer.alloc(10, 6)))).toEqual(noSuchUpload);
    expect(await sdkError(complete(key, uploadId, [part]))).toEqual(noSuchUpload);
    expect(
      await sdkError(
        s3
          .sdk()
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
      ),
    ).toEqual(noSuchUpload);
  });

  it("should not accept an upload id of another key, a made-up one, or a bad part number", async () => {
    const uploadId = await createUpload("mp/mine.bin");
    expect(await sdkError(uploadPart("mp/other.bin", uploadId, 1, Buffer.from("x")))).toEqual({
      name: "NoSuchUpload",
      status: 404,
    });
    expect(await sdkError(uploadPart("mp/mine.bin", "../../etc", 1, Buffer.from("x")))).toEqual({
      name: "NoSuchUpload",
      status: 404,
    });
    for (const partNumber of ["0", "10001", "1.5", "..%2Fkey"]) {
      const url = new URL(s3.objectUrl("mp/mine.bin"));
      url.search = `partNumber=${partNumber}&uploadId=${uploadId}`;
      const response = await s3.aws().fetch(url.toString(), { method: "PUT", body: "x" });
      expect([partNumber, response.status, await errorCode(response)]).toEqual([
        partNumber,
        400,
        "InvalidArgument",
      ]);
    }
  });
});
