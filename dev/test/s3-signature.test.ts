import { createHash } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import {
  amzDate,
  bucket,
  errorCode,
  presignWithAws4fetch,
  sdkError,
  useTestS3,
} from "./s3-harness.ts";

const s3 = useTestS3(async (started) => {
  await started
    .sdk()
    .send(new PutObjectCommand({ Bucket: bucket, Key: "hello.txt", Body: "hello" }));
});

const tamper = (url: string) =>
  url.replace(
    /X-Amz-Signature=([0-9a-f])/,
    (_m, c: string) => `X-Amz-Signature=${c === "a" ? "b" : "a"}`,
  );

describe("presigned URLs from the AWS SDK presigner", () => {
  it("should accept a presigned PUT and a presigned GET of the same object", async () => {
    const key = "sdk/lecture 1.txt";
    const putUrl = await getSignedUrl(
      s3.sdk(),
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: "text/plain" }),
      { expiresIn: 60, signableHeaders: new Set(["content-type"]) },
    );
    const put = await fetch(putUrl, {
      method: "PUT",
      body: "first lecture",
      headers: { "content-type": "text/plain" },
    });
    expect(put.status).toBe(200);
    const getUrl = await getSignedUrl(
      s3.sdk(),
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      { expiresIn: 60 },
    );
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("text/plain");
    expect(await got.text()).toBe("first lecture");
  });

  it("should not accept a PUT whose signed Content-Type or Content-Length differs", async () => {
    const url = await getSignedUrl(
      s3.sdk(),
      new PutObjectCommand({
        Bucket: bucket,
        Key: "sdk/signed.mp4",
        ContentType: "video/mp4",
        ContentLength: 5,
      }),
      { expiresIn: 60, signableHeaders: new Set(["content-type", "content-length"]) },
    );
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toBe(
      "content-length;content-type;host",
    );
    const wrongType = await fetch(url, {
      method: "PUT",
      body: "video",
      headers: { "content-type": "text/html" },
    });
    expect(wrongType.status).toBe(403);
    expect(await errorCode(wrongType)).toBe("SignatureDoesNotMatch");
    const wrongLength = await fetch(url, {
      method: "PUT",
      body: "video!",
      headers: { "content-type": "video/mp4" },
    });
    expect(wrongLength.status).toBe(403);
    expect(await errorCode(wrongLength)).toBe("SignatureDoesNotMatch");
    const right = await fetch(url, {
      method: "PUT",
      body: "video",
      headers: { "content-type": "video/mp4" },
    });
    expect(right.status).toBe(200);
  });

  it("should not accept a tampered signature, key or query", async () => {
    const url = await getSignedUrl(
      s3.sdk(),
      new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" }),
      { expiresIn: 60 },
    );
    expect((await fetch(url)).status).toBe(200);
    const badSignature = await fetch(tamper(url));
    expect(badSignature.status).toBe(403);
    expect(await errorCode(badSignature)).toBe("SignatureDoesNotMatch");
    const otherKey = await fetch(url.replace("hello.txt", "sdk/signed.mp4"));
    expect(await errorCode(otherKey)).toBe("SignatureDoesNotMatch");
    const longer = await fetch(url.replace("X-Amz-Expires=60", "X-Amz-Expires=600"));
    expect(await errorCode(longer)).toBe("SignatureDoesNotMatch");
  });

  it("should not accept an expired URL", async () => {
    const url = await getSignedUrl(
      s3.sdk(),
      new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      },
    );
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Message>Request has expired</Message>");
  });

  it("should not accept an unknown access key, a wrong secret or an expiry beyond 7 days", async () => {
    const unknown = await getSignedUrl(
      s3.sdk({ credentials: { accessKeyId: "nobody", secretAccessKey: "test-secret" } }),
      new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" }),
      { expiresIn: 60 },
    );
    const unknownResponse = await fetch(unknown);
    expect(unknownResponse.status).toBe(403);
    expect(await errorCode(unknownResponse)).toBe("InvalidAccessKeyId");
    const wrongSecret = await getSignedUrl(
      s3.sdk({ credentials: { accessKeyId: "test-key", secretAccessKey: "guessed" } }),
      new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" }),
      { expiresIn: 60 },
    );
    expect(await errorCode(await fetch(wrongSecret))).toBe("SignatureDoesNotMatch");
    const tooLong = await presignWithAws4fetch(s3.aws(), s3.objectUrl("hello.txt"), {
      expiresIn: 8 * 24 * 3600,
    });
    const tooLongResponse = await fetch(tooLong);
    expect(tooLongResponse.status).toBe(400);
    expect(await errorCode(tooLongResponse)).toBe("AuthorizationQueryParametersError");
  });
});

describe("presigned URLs from aws4fetch (the edge's signer)", () => {
  it("should accept a PUT with Content-Type and Content-Length signed, and refuse it when they differ", async () => {
    const url = await presignWithAws4fetch(s3.aws(), s3.objectUrl("a4f/lecture.mp4"), {
      method: "PUT",
      headers: { "content-type": "video/mp4", "content-length": "5" },
    });
    const wrongType = await fetch(url, {
      method: "PUT",
      body: "video",
      headers: { "content-type": "text/html" },
    });
    expect(wrongType.status).toBe(403);
    const wrongLength = await fetch(url, {
      method: "PUT",
      body: "videos!",
      headers: { "content-type": "video/mp4" },
    });
    expect(wrongLength.status).toBe(403);
    expect(await errorCode(wrongLength)).toBe("SignatureDoesNotMatch");
    const put = await fetch(url, {
      method: "PUT",
      body: "video",
      headers: { "content-type": "video/mp4" },
    });
    expect(put.status).toBe(200);
    const head = await s3
      .sdk()
      .send(new HeadObjectCommand({ Bucket: bucket, Key: "a4f/lecture.mp4" }));
    expect([head.ContentType, head.ContentLength]).toEqual(["video/mp4", 5]);
  });

  it("should serve a GET with response overrides in the signed query", async () => {
    const url = new URL(s3.objectUrl("hello.txt"));
    url.searchParams.set("response-content-disposition", 'attachment; filename="hello (1).txt"');
    const signed = await presignWithAws4fetch(s3.aws(), url.toString(), {});
    const response = await fetch(signed);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="hello (1).txt"',
    );
    expect((await fetch(tamper(signed))).status).toBe(403);
  });

  it("should not accept a URL signed in the past beyond its expiry", async () => {
    const url = await presignWithAws4fetch(s3.aws(), s3.objectUrl("hello.txt"), {
      expiresIn: 60,
      datetime: amzDate(new Date(Date.now() - 61_000)),
    });
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("AccessDenied");
  });
});

describe("header-signed requests", () => {
  it("should round-trip keys that need encoding through the SDK and both presigners", async () => {
    const key = "odd/ä ö+!'()*~=&$@,;:.txt";
    await s3.sdk().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "odd" }));
    const viaSdk = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await viaSdk.Body?.transformToString()).toBe("odd");
    const presigned = await getSignedUrl(
      s3.sdk(),
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      { expiresIn: 60 },
    );
    expect(await (await fetch(presigned)).text()).toBe("odd");
    const viaAws4fetch = await fetch(await presignWithAws4fetch(s3.aws(), s3.objectUrl(key), {}));
    expect(await viaAws4fetch.text()).toBe("odd");
    const headerSigned = await s3.aws().fetch(s3.objectUrl(key));
    expect(await headerSigned.text()).toBe("odd");
  });

  it("should not accept a wrong secret, an unknown key, another region or an unsigned request", async () => {
    const get = new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" });
    expect(
      await sdkError(
        s3.sdk({ credentials: { accessKeyId: "test-key", secretAccessKey: "guessed" } }).send(get),
      ),
    ).toEqual({ name: "SignatureDoesNotMatch", status: 403 });
    expect(
      await sdkError(
        s3.sdk({ credentials: { accessKeyId: "nobody", secretAccessKey: "x" } }).send(get),
      ),
    ).toEqual({ name: "InvalidAccessKeyId", status: 403 });
    expect(await sdkError(s3.sdk({ region: "eu-west-1" }).send(get))).toEqual({
      name: "AuthorizationHeaderMalformed",
      status: 400,
    });
    const unsigned = await fetch(s3.objectUrl("hello.txt"));
    expect(unsigned.status).toBe(403);
    expect(await errorCode(unsigned)).toBe("AccessDenied");
  });

  it("should not accept a request signed more than 15 minutes ago", async () => {
    const response = await s3.aws().fetch(s3.objectUrl("hello.txt"), {
      aws: { datetime: amzDate(new Date(Date.now() - 20 * 60_000)) },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("RequestTimeTooSkewed");
  });

  it("should not accept a body other than the one whose hash was signed", async () => {
    // aws4fetch declares UNSIGNED-PAYLOAD for S3 unless given the hash, as the SDK gives it.
    const signed = await s3.aws().sign(s3.objectUrl("hello.txt"), {
      method: "PUT",
      headers: { "x-amz-content-sha256": createHash("sha256").update("replaced").digest("hex") },
    });
    const response = await fetch(signed.url, {
      method: "PUT",
      headers: signed.headers,
      body: "tampered",
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("XAmzContentSHA256Mismatch");
    const kept = await s3.sdk().send(new GetObjectCommand({ Bucket: bucket, Key: "hello.txt" }));
    expect(await kept.Body?.transformToString()).toBe("hello");
  });
});
