import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { bucket, errorCode, MiB, presignWithAws4fetch, sdkError, useTestS3 } from "./s3-harness.ts";

// Driven by the unmodified @aws-sdk/client-s3 (its paginator, CopyObject, DeleteObjects),
// its presigner and aws4fetch, as people use them against S3 and R2.
const s3 = useTestS3();

async function text(key: string): Promise<string> {
  const got = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

async function putAll(keys: string[], concurrency = 16): Promise<void> {
  const queue = [...keys];
  const client = s3.sdk();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }),
  );
}

/** S3 lists keys in the order of their UTF-8 bytes. */
const s3Order = (keys: string[]) =>
  [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe("truncated listings", () => {
  // A seven-minute lecture's outputs: playlists beside folders of segments. "720p.m3u8"
  // sorts before "720p/…" in S3 but after it on a file system.
  const prefix = "videos/long-lecture/";
  const keys = [
    `${prefix}master.m3u8`,
    `${prefix}poster.jpg`,
    ...["1080p", "360p", "720p"].flatMap((rung) => [
      `${prefix}hls/${rung}.m3u8`,
      `${prefix}hls/${rung}/init.mp4`,
      ...Array.from(
        { length: 834 },
        (_, i) => `${prefix}hls/${rung}/seg_${String(i).padStart(5, "0")}.m4s`,
      ),
    ]),
  ];

  it("should list 2,500 keys in S3's order with the SDK paginator, then delete them in batches", async () => {
    expect(keys.length).toBeGreaterThan(2500);
    await putAll(keys);
    const client = s3.sdk();
    const listed: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2(
      { client },
      { Bucket: bucket, Prefix: prefix },
    )) {
      pages++;
      expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
    }
    expect(pages).toBe(Math.ceil(keys.length / 1000));
    expect(listed).toEqual(s3Order(keys));

    let deleted = 0;
    for await (const page of paginateListObjectsV2(
      { client },
      { Bucket: bucket, Prefix: prefix },
    )) {
      const objects = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      const result = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }),
      );
      expect(result.Errors ?? []).toEqual([]);
      deleted += result.Deleted?.length ?? 0;
    }
    expect(deleted).toBe(keys.length);
    const after = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect(after.KeyCount).toBe(0);
    expect(after.Contents).toBeUndefined();
  }, 120_000);

  it("should page through folders and keys together with a delimiter", async () => {
    const folder = "paged/";
    const put = [
      `${folder}a.txt`,
      `${folder}b/1.txt`,
      `${folder}b/2.txt`,
      `${folder}b.txt`,
      `${folder}c/1.txt`,
      `${folder}d.txt`,
    ];
    await putAll(put);
    const entries: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3.sdk(), pageSize: 2 },
      { Bucket: bucket, Prefix: folder, Delimiter: "/" },
    )) {
      const inPage = [
        ...(page.Contents ?? []).map((o) => o.Key!),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!),
      ];
      expect(inPage.length).toBeLessThanOrEqual(2);
      expect(page.KeyCount).toBe(inPage.length);
      entries.push(...inPage);
    }
    expect(s3Order(entries)).toEqual([
      `${folder}a.txt`,
      `${folder}b.txt`,
      `${folder}b/`,
      `${folder}c/`,
      `${folder}d.txt`,
    ]);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it("should refuse a continuation token it did not issue", async () => {
    expect(
      await sdkError(
        s3
          .sdk()
          .send(
            new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: "bm90LWEtdG9rZW4=" }),
          ),
      ),
    ).toEqual({ name: "InvalidArgument", status: 400 });
  });
});

describe("CopyObject", () => {
  it("should copy from a URL-encoded CopySource, %2F and percent-encoded unicode included", async () => {
    const source = "copy/ünïcode folder/lecture notes #1.txt";
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: source, Body: "notes" }));
    const encodings = [
      `${bucket}/${encodeURIComponent(source)}`,
      `${bucket}/${source.split("/").map(encodeURIComponent).join("/")}`,
      `/${bucket}/${encodeURIComponent(source)}`,
    ];
    for (const [i, CopySource] of encodings.entries()) {
      const Key = `copy/target-${i}.txt`;
      const copied = await s3
        .sdk()
        .send(new CopyObjectCommand({ Bucket: bucket, Key, CopySource }));
      expect(copied.CopyObjectResult?.ETag).toBe(
        `"${createHash("md5").update("notes").digest("hex")}"`,
      );
      expect(await text(Key)).toBe("notes");
    }
  });

  it("should answer NoSuchKey for a missing source and refuse . or .. segments", async () => {
    expect(
      await sdkError(
        s3
          .sdk()
          .send(
            new CopyObjectCommand({ Bucket: bucket, Key: "copy/x", CopySource: `${bucket}/nope` }),
          ),
      ),
    ).toEqual({ name: "NoSuchKey", status: 404 });
    expect(
      await sdkError(
        s3.sdk().send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: "copy/x",
            CopySource: `${bucket}/copy%2F..%2F..%2Fescape`,
          }),
        ),
      ),
    ).toEqual({ name: "InvalidArgument", status: 400 });
  });
});

describe("DeleteObjects", () => {
  const batchUrl = () => `${s3.server.url}/${bucket}?delete`;
  const deleteXml = (keys: string[], quiet = false) =>
    `<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${quiet ? "<Quiet>true</Quiet>" : ""}${keys
      .map((k) => `<Object><Key>${k.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Key></Object>`)
      .join("")}</Delete>`;

  it("should answer 200 when the batch empties a folder, listing each key once", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `emptied/deep/folder/${i}.bin`);
    await putAll(keys);
    const result = await s3.sdk().send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [...keys, "emptied/never-existed"].map((Key) => ({ Key })) },
      }),
    );
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(result.Errors).toBeUndefined();
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual(
      [...keys, "emptied/never-existed"].sort(),
    );
    const left = await s3
      .sdk()
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "emptied/" }));
    expect(left.KeyCount).toBe(0);
  });

  it("should list only errors in quiet mode", async () => {
    const keys = ["quiet/a.txt", "quiet/b & c.txt"];
    await putAll(keys);
    const result = await s3.sdk().send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Quiet: true, Objects: [...keys, "quiet/../x"].map((Key) => ({ Key })) },
      }),
    );
    expect(result.Deleted).toBeUndefined();
    expect(result.Errors?.map((e) => e.Key)).toEqual(["quiet/../x"]);
    const left = await s3
      .sdk()
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "quiet/" }));
    expect(left.KeyCount).toBe(0);
  });

  it("should refuse a batch without Content-MD5 or a checksum, and one whose digest is wrong", async () => {
    await putAll(["strict/kept.txt"]);
    const body = deleteXml(["strict/kept.txt"]);
    const unsigned = await s3.aws().fetch(batchUrl(), { method: "POST", body });
    expect(unsigned.status).toBe(400);
    expect(await errorCode(unsigned)).toBe("InvalidRequest");
    const wrongMd5 = await s3.aws().fetch(batchUrl(), {
      method: "POST",
      body,
      headers: { "content-md5": createHash("md5").update("other").digest("base64") },
    });
    expect(wrongMd5.status).toBe(400);
    expect(await errorCode(wrongMd5)).toBe("BadDigest");
    expect(await text("strict/kept.txt")).toBe("strict/kept.txt");

    const withMd5 = await s3.aws().fetch(batchUrl(), {
      method: "POST",
      body,
      headers: { "content-md5": createHash("md5").update(body).digest("base64") },
    });
    expect(withMd5.status).toBe(200);
    expect(await withMd5.text()).toContain("<Key>strict/kept.txt</Key>");
  });

  it("should read a batch body of up to 2 MiB and refuse a larger one as MalformedXML", async () => {
    await putAll(["limit/kept.txt"]);
    const padded = (bytes: number) => {
      const xml = deleteXml(["limit/kept.txt"]);
      return xml.replace("</Delete>", `${" ".repeat(bytes - xml.length)}</Delete>`);
    };
    const post = (body: string) =>
      s3.aws().fetch(batchUrl(), {
        method: "POST",
        body,
        headers: { "content-md5": createHash("md5").update(body).digest("base64") },
      });
    const tooLarge = await post(padded(2 * MiB + 1));
    expect(tooLarge.status).toBe(400);
    expect(await errorCode(tooLarge)).toBe("MalformedXML");
    expect(await text("limit/kept.txt")).toBe("limit/kept.txt");

    const atLimit = await post(padded(2 * MiB));
    expect(atLimit.status).toBe(200);
    expect(await atLimit.text()).toContain("<Deleted><Key>limit/kept.txt</Key></Deleted>");
  });

  it("should refuse more than 1,000 keys in one batch", async () => {
    const body = deleteXml(Array.from({ length: 1001 }, (_, i) => `many/${i}`));
    const response = await s3.aws().fetch(batchUrl(), {
      method: "POST",
      body,
      headers: { "content-md5": createHash("md5").update(body).digest("base64") },
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("MalformedXML");
  });
});

describe("presigned PUTs as strict as S3", () => {
  it("should refuse a body other than the one whose CRC32 the presigner put in the URL", async () => {
    // The SDK's default (WHEN_SUPPORTED) presigns the CRC32 of an empty body into the query.
    const client = s3.sdk({ requestChecksumCalculation: "WHEN_SUPPORTED" });
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: bucket, Key: "presigned/checksum.txt" }),
      { expiresIn: 60 },
    );
    expect(new URL(url).searchParams.get("x-amz-checksum-crc32")).toBe("AAAAAA==");
    const nonEmpty = await fetch(url, { method: "PUT", body: "lecture" });
    expect(nonEmpty.status).toBe(400);
    expect(await errorCode(nonEmpty)).toBe("BadDigest");
    expect(
      await sdkError(
        s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: "presigned/checksum.txt" })),
      ),
    ).toEqual({ name: "NoSuchKey", status: 404 });
    const empty = await fetch(url, { method: "PUT", body: "" });
    expect(empty.status).toBe(200);
  });

  it("should hold a part PUT to the Content-Length its URL signs", async () => {
    const key = "presigned/part.bin";
    const upload = await s3
      .sdk()
      .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const partUrl = `${s3.objectUrl(key)}?partNumber=1&uploadId=${encodeURIComponent(upload.UploadId!)}`;
    const planned = MiB;
    const url = await presignWithAws4fetch(s3.aws(), partUrl, {
      method: "PUT",
      headers: { "content-length": String(planned) },
    });
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;host");

    const larger = await fetch(url, { method: "PUT", body: Buffer.alloc(planned * 5) });
    expect(larger.status).toBe(403);
    const smaller = await fetch(url, { method: "PUT", body: Buffer.alloc(planned - 1) });
    expect(smaller.status).toBe(403);
    // A chunked body sends no Content-Length at all: S3 asks for one (411).
    const chunked = await fetch(url, {
      method: "PUT",
      body: Readable.toWeb(Readable.from([Buffer.alloc(planned * 2)])) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);
    expect(await errorCode(chunked)).toBe("MissingContentLength");
    const exact = await fetch(url, { method: "PUT", body: Buffer.alloc(planned) });
    expect(exact.status).toBe(200);
  });
});
