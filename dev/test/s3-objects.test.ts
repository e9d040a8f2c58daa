import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { request } from "node:http";
import { Readable } from "node:stream";
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it, vi } from "vitest";
import { bucket, consoleOrigin, errorCode, MiB, sdkError, useTestS3 } from "./s3-harness.ts";

const s3 = useTestS3(async (started) => {
  await started
    .sdk()
    .send(new PutObjectCommand({ Bucket: bucket, Key: "digits.txt", Body: "0123456789" }));
});

async function text(key: string): Promise<string> {
  const got = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

const ranged = (range: string, method = "GET") =>
  s3.aws().fetch(s3.objectUrl("digits.txt"), { method, headers: { range } });

describe("Range GETs and HEAD", () => {
  it("should answer 206 with exactly the requested bytes", async () => {
    const cases: Array<[string, string, string]> = [
      ["bytes=2-5", "2345", "bytes 2-5/10"],
      ["bytes=0-0", "0", "bytes 0-0/10"],
      ["bytes=7-", "789", "bytes 7-9/10"],
      ["bytes=-3", "789", "bytes 7-9/10"],
      ["bytes=-30", "0123456789", "bytes 0-9/10"],
      ["bytes=5-100", "56789", "bytes 5-9/10"],
    ];
    for (const [range, body, contentRange] of cases) {
      const response = await ranged(range);
      expect([
        range,
        response.status,
        response.headers.get("content-range"),
        await response.text(),
      ]).toEqual([range, 206, contentRange, body]);
    }
    const viaSdk = await s3
      .sdk()
      .send(new GetObjectCommand({ Bucket: bucket, Key: "digits.txt", Range: "bytes=1-2" }));
    expect([viaSdk.ContentRange, await viaSdk.Body?.transformToString()]).toEqual([
      "bytes 1-2/10",
      "12",
    ]);
  });

  it("should answer 416 for a range past the end and ignore ranges S3 ignores", async () => {
    const past = await ranged("bytes=10-20");
    expect([past.status, await errorCode(past)]).toEqual([416, "InvalidRange"]);
    for (const ignored of ["bytes=5-2", "bytes=0-1,4-5", "items=0-1"]) {
      const response = await ranged(ignored);
      expect([ignored, response.status, await response.text()]).toEqual([
        ignored,
        200,
        "0123456789",
      ]);
    }
  });

  it("should answer HEAD with the object's length and ETag and no body", async () => {
    const head = await s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: "digits.txt" }));
    const md5 = createHash("md5").update("0123456789").digest("hex");
    expect([head.ContentLength, head.ETag, head.AcceptRanges]).toEqual([10, `"${md5}"`, "bytes"]);
    const response = await s3.aws().fetch(s3.objectUrl("digits.txt"), { method: "HEAD" });
    expect([
      response.status,
      response.headers.get("content-length"),
      await response.text(),
    ]).toEqual([200, "10", ""]);
    expect(
      await sdkError(s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: "missing.txt" }))),
    ).toEqual({
      name: "NotFound",
      status: 404,
    });
  });
});

describe("request bodies", () => {
  it("should store streams the SDK sends aws-chunked with a trailing checksum (its default)", async () => {
    const sdk = s3.sdk({ requestChecksumCalculation: "WHEN_SUPPORTED" });
    const chunks = [Buffer.alloc(70_000, 1), Buffer.alloc(1, 2), Buffer.alloc(200_000, 3)];
    const expected = Buffer.concat(chunks);
    await sdk.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "chunked.bin",
        Body: Readable.from(chunks),
        ContentLength: expected.length,
        ContentType: "application/x-test",
      }),
    );
    const got = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: "chunked.bin" }));
    expect(got.ContentEncoding).toBeUndefined();
    expect(got.ContentType).toBe("application/x-test");
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(expected)).toBe(true);

    for (const algorithm of ["SHA256", "SHA1"] as const) {
      await sdk.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `chunked-${algorithm}.txt`,
          Body: Readable.from([Buffer.from("hello "), Buffer.from(algorithm)]),
          ContentLength: 6 + algorithm.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      expect(await text(`chunked-${algorithm}.txt`)).toBe(`hello ${algorithm}`);
    }

    const { UploadId } = await sdk.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: "chunked-mp.bin" }),
    );
    await sdk.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: "chunked-mp.bin",
        UploadId,
        PartNumber: 1,
        Body: Readable.from([Buffer.alloc(1000, 9)]),
        ContentLength: 1000,
      }),
    );
    const parts = await sdk.send(
      new ListPartsCommand({ Bucket: bucket, Key: "chunked-mp.bin", UploadId }),
    );
    expect(parts.Parts?.map((p) => p.Size)).toEqual([1000]);
  });

  /** Sends a hand-made aws-chunked body, header-signed by aws4fetch. */
  async function putChunked(key: string, body: string, headers: Record<string, string>) {
    return s3.aws().fetch(s3.objectUrl(key), {
      method: "PUT",
      body,
      headers: {
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "content-encoding": "aws-chunked",
        "x-amz-trailer": "x-amz-checksum-crc32",
        ...headers,
      },
    });
  }

  it("should not store an aws-chunked body whose trailer, framing or length is wrong", async () => {
    const good = "3\r\nhel\r\n2\r\nlo\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
    const ok = await putChunked("hand-chunked.txt", good, { "x-amz-decoded-content-length": "5" });
    expect(ok.status).toBe(200);
    expect(await text("hand-chunked.txt")).toBe("hello");

    const badTrailer = await putChunked("bad-chunked.txt", good.replace("NhCmhg==", "AAAAAA=="), {
      "x-amz-decoded-content-length": "5",
    });
    expect([badTrailer.status, await errorCode(badTrailer)]).toEqual([400, "BadDigest"]);
    const badFrame = await putChunked("bad-chunked.txt", "3\r\nhello\r\n0\r\n\r\n", {});
    expect([badFrame.status, await errorCode(badFrame)]).toEqual([400, "IncompleteBody"]);
    const badLength = await putChunked("bad-chunked.txt", good, {
      "x-amz-decoded-content-length": "6",
    });
    expect([badLength.status, await errorCode(badLength)]).toEqual([400, "IncompleteBody"]);
    expect(
      await sdkError(
        s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: "bad-chunked.txt" })),
      ),
    ).toEqual({
      name: "NotFound",
      status: 404,
    });
  });

  it("should check Content-MD5 and x-amz-checksum-* headers and keep the old object when they differ", async () => {
    const put = (extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]>) =>
      s3
        .sdk()
        .send(
          new PutObjectCommand({ Bucket: bucket, Key: "checked.txt", Body: "checked", ...extra }),
        );
    await put({ ContentMD5: createHash("md5").update("checked").digest("base64") });
    expect(
      await sdkError(
        put({ Body: "changed", ContentMD5: createHash("md5").update("checked").digest("base64") }),
      ),
    ).toEqual({
      name: "BadDigest",
      status: 400,
    });
    expect(await sdkError(put({ Body: "changed", ChecksumCRC32: "AAAAAA==" }))).toEqual({
      name: "BadDigest",
      status: 400,
    });
    expect(await sdkError(put({ Body: "changed", ContentMD5: "not-an-md5" }))).toEqual({
      name: "InvalidDigest",
      status: 400,
    });
    expect(await text("checked.txt")).toBe("checked");
    await s3.sdk({ requestChecksumCalculation: "WHEN_SUPPORTED" }).send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "checked.txt",
        Body: "changed",
        ChecksumAlgorithm: "CRC32",
      }),
    );
    expect(await text("checked.txt")).toBe("changed");
  });

  it("should keep the previous object while a PUT is in flight and after its client goes away", async () => {
    await s3
      .sdk()
      .send(new PutObjectCommand({ Bucket: bucket, Key: "atomic.bin", Body: "original" }));
    const partials = async () =>
      (await readdir(s3.dir, { recursive: true })).filter((name) => name.endsWith(".partial"));
    const signed = await s3.aws().sign(s3.objectUrl("atomic.bin"), { method: "PUT" });
    const upload = request(signed.url, {
      method: "PUT",
      headers: { ...Object.fromEntries(signed.headers), "content-length": String(4 * MiB) },
    });
    upload.on("error", () => undefined);
    upload.write(Buffer.alloc(MiB, 7));
    await vi.waitFor(async () => expect(await partials()).toHaveLength(1), { timeout: 10_000 });
    expect(await text("atomic.bin")).toBe("original");
    upload.destroy();
    await vi.waitFor(async () => expect(await partials()).toHaveLength(0), { timeout: 10_000 });
    expect(await text("atomic.bin")).toBe("original");
  });
  it("should answer every read of an object being overwritten with one whole version, as S3 does", async () => {
    // A growing playlist is rewritten every half second while players read it: a read
    // must see the old text or the new one, never a 500 or a body of another length.
    const versions = Array.from(
      { length: 40 },
      (_, i) => `#EXTM3U\n${"#EXTINF:2.0,\nseg.m4s\n".repeat(i + 1)}`,
    );
    const client = s3.sdk();
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: "growing.m3u8", Body: versions[0] }),
    );
    let writing = true;
    const writer = (async () => {
      for (const body of versions.slice(1))
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: "growing.m3u8", Body: body }),
        );
      writing = false;
    })();
    const seen: string[] = [];
    const failures: string[] = [];
    while (writing) {
      const reads = await Promise.all(
        Array.from({ length: 4 }, () => s3.aws().fetch(s3.objectUrl("growing.m3u8"))),
      );
      for (const r of reads) {
        const body = await r.text().catch((err: unknown) => `(body failed: ${String(err)})`);
        if (r.status !== 200 || !versions.includes(body))
          failures.push(`${r.status} ${body.slice(0, 80)}`);
        else seen.push(body);
      }
    }
    await writer;
    expect(failures).toEqual([]);
    expect(new Set(seen).size).toBeGreaterThan(1);
  });
});

describe("keys, listings and deletes", () => {
  it("should list keys by prefix and never show files still being written", async () => {
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: "list/a.txt", Body: "a" }));
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: "list/b/c.txt", Body: "c" }));
    const listed = await s3
      .sdk()
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "list/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["list/a.txt", "list/b/c.txt"]);
  });

  it("should refuse keys with . or .. segments instead of writing outside the key's place", async () => {
    expect(
      await sdkError(
        s3
          .sdk()
          .send(new PutObjectCommand({ Bucket: bucket, Key: "a/../../escape.txt", Body: "x" })),
      ),
    ).toEqual({ name: "InvalidArgument", status: 400 });
    expect(await readdir(s3.dir)).not.toContain("escape.txt");
  });

  it("should delete many objects of one folder concurrently", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `folder/sub/${i}.bin`);
    await Promise.all(
      keys.map((Key) => s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key, Body: "x" }))),
    );
    const statuses = await Promise.all(
      keys.map(
        async (key) => (await s3.aws().fetch(s3.objectUrl(key), { method: "DELETE" })).status,
      ),
    );
    expect(statuses).toEqual(keys.map(() => 204));
  });
});

describe("CORS", () => {
  it("should answer preflights for the configured origin and expose ETag", async () => {
    const preflight = await fetch(s3.objectUrl("any.mp4"), {
      method: "OPTIONS",
      headers: {
        origin: consoleOrigin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type");

    const get = await s3
      .aws()
      .fetch(s3.objectUrl("digits.txt"), { headers: { origin: consoleOrigin } });
    expect(get.headers.get("access-control-allow-origin")).toBe(consoleOrigin);
    expect(get.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("etag");
  });

  it("should let the console read error responses but not answer other origins", async () => {
    const denied = await fetch(s3.objectUrl("digits.txt"), { headers: { origin: consoleOrigin } });
    expect([denied.status, denied.headers.get("access-control-allow-origin")]).toEqual([
      403,
      consoleOrigin,
    ]);
    const missing = await s3
      .aws()
      .fetch(s3.objectUrl("missing.txt"), { headers: { origin: consoleOrigin } });
    expect([missing.status, missing.headers.get("access-control-allow-origin")]).toEqual([
      404,
      consoleOrigin,
    ]);
    const evil = await fetch(s3.objectUrl("any.mp4"), {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "PUT" },
    });
    expect([evil.status, evil.headers.get("access-control-allow-origin")]).toEqual([403, null]);
  });
});

describe("persistence", () => {
  it("should keep objects and unfinished uploads across a restart on the same directory", async () => {
    await s3
      .sdk()
      .send(new PutObjectCommand({ Bucket: bucket, Key: "kept.txt", Body: "still here" }));
    const { UploadId } = await s3
      .sdk()
      .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "kept-mp.bin" }));
    await s3.sdk().send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: "kept-mp.bin",
        UploadId,
        PartNumber: 1,
        Body: "part",
      }),
    );
    await s3.restart();
    expect(await text("kept.txt")).toBe("still here");
    const parts = await s3
      .sdk()
      .send(new ListPartsCommand({ Bucket: bucket, Key: "kept-mp.bin", UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 4]]);
  });
});

describe("If-Match reads", () => {
  it("should serve the version named and answer 412 PreconditionFailed for any other", async () => {
    const key = "if-match.txt";
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "first" }));
    const { ETag } = await s3.sdk().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const same = await s3
      .sdk()
      .send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: ETag }));
    expect(await same.Body!.transformToString()).toBe("first");
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "second" }));
    expect(
      await sdkError(
        s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: ETag })),
      ),
    ).toEqual({ name: "PreconditionFailed", status: 412 });
    const any = await s3
      .sdk()
      .send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: "*" }));
    expect(await any.Body!.transformToString()).toBe("second");
  });
});
