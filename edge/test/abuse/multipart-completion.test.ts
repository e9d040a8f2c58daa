import { describe, expect, it } from "vitest";
import { callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { bytes, createVideo, MiB, services } from "../support/media.ts";

// A wrong parts list on completion must never destroy a large upload: storage would
// complete with the subset (S3's rule), the size check would fail and the object be
// deleted. The edge checks the list against the plan and ListParts first.

interface PartUrl {
  partNumber: number;
  url: string;
}

async function uploadAllParts(user: TestUser, size: number) {
  const created = await createVideo(user, { size, multipart: true });
  const id = created.video.id;
  const partSize = created.upload.partSize!;
  const partCount = created.upload.partCount!;
  const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
  const urls = await callJson<{ parts: PartUrl[] }>(`/videos/${id}/upload/parts`, {
    token: user.access,
    body: { partNumbers: numbers },
  });
  const data = bytes(size, 5);
  // The pattern repeats every 256 bytes: mark each part so that no two share an ETag.
  for (let n = 0; n < partCount; n++) data[n * partSize] = 0xf0 + n;
  const etags: Array<{ partNumber: number; etag: string }> = [];
  for (const part of urls.body.parts) {
    const start = (part.partNumber - 1) * partSize;
    const put = await fetch(part.url, {
      method: "PUT",
      body: data.slice(start, Math.min(size, start + partSize)),
    });
    expect(put.status).toBe(200);
    etags.push({ partNumber: part.partNumber, etag: put.headers.get("etag")! });
  }
  return { id, etags, partSize };
}

async function complete(user: TestUser, id: string, parts: unknown) {
  return callJson<{ error: { code: string; field?: string; message: string } }>(
    `/videos/${id}/upload/complete`,
    { token: user.access, body: { parts } },
  );
}

async function stateOf(user: TestUser, id: string): Promise<string> {
  const got = await callJson<{ video: { state: string } }>(`/videos/${id}`, {
    token: user.access,
  });
  return got.body.video.state;
}

describe("multipart completion with a wrong parts list", () => {
  it("should refuse fewer parts than planned, name the missing ones, and keep the upload resumable", async () => {
    const user = await registerAndLogin("instructor");
    const size = 17 * MiB;
    const { id, etags } = await uploadAllParts(user, size);
    expect(etags).toHaveLength(3);

    const fewer = await complete(user, id, etags.slice(0, 2));
    expect(fewer.status).toBe(409);
    expect(fewer.body.error).toMatchObject({ code: "upload_incomplete", field: "parts" });
    expect(fewer.body.error.message).toContain("missing: 3");
    expect(await stateOf(user, id)).toBe("awaiting_upload");
    const stored = await callJson<{ parts: Array<{ partNumber: number }> }>(
      `/videos/${id}/upload/parts`,
      { token: user.access },
    );
    expect(stored.body.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);

    const done = await callJson<{ video: { state: string } }>(`/videos/${id}/upload/complete`, {
      token: user.access,
      body: { parts: etags },
    });
    expect(done.status).toBe(200);
    expect(done.body.video.state).toBe("queued");
    expect((await services().objects.head(`uploads/${id}/source`))?.size).toBe(size);
  });

  it("should refuse a list whose ETags differ from what storage holds, or that repeats a part", async () => {
    const user = await registerAndLogin("instructor");
    const { id, etags } = await uploadAllParts(user, 17 * MiB);

    const swapped = await complete(user, id, [
      etags[0],
      { partNumber: 2, etag: etags[0]!.etag },
      etags[2],
    ]);
    expect(swapped.status).toBe(409);
    expect(swapped.body.error.message).toContain("mismatched: 2");

    const repeated = await complete(user, id, [etags[0], etags[0], etags[1], etags[2]]);
    expect(repeated.status).toBe(409);
    expect(repeated.body.error.message).toContain("repeated: 1");

    const beyond = await complete(user, id, [...etags, { partNumber: 4, etag: etags[0]!.etag }]);
    expect(beyond.status).toBe(409);
    expect(beyond.body.error.message).toContain("unplanned: 4");
    expect(await stateOf(user, id)).toBe("awaiting_upload");
  });

  it("should refuse when storage lacks a part the client lists", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 11 * MiB, multipart: true });
    const id = created.video.id;
    const urls = await callJson<{ parts: PartUrl[] }>(`/videos/${id}/upload/parts`, {
      token: user.access,
      body: { partNumbers: [1] },
    });
    const put = await fetch(urls.body.parts[0]!.url, { method: "PUT", body: bytes(8 * MiB) });
    const etag = put.headers.get("etag")!;
    const response = await complete(user, id, [
      { partNumber: 1, etag },
      { partNumber: 2, etag },
    ]);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain("not in storage: 2");
    expect(await stateOf(user, id)).toBe("awaiting_upload");
  });
});

describe("part URLs sign Content-Length", () => {
  it("should refuse a part body larger than the planned part size", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 11 * MiB, multipart: true });
    const urls = await callJson<{ parts: PartUrl[] }>(`/videos/${created.video.id}/upload/parts`, {
      token: user.access,
      body: { partNumbers: [1, 2] },
    });
    const [first, last] = urls.body.parts;
    expect(new URL(first!.url).searchParams.get("X-Amz-SignedHeaders")).toContain("content-length");
    const oversized = await fetch(first!.url, { method: "PUT", body: bytes(8 * MiB + 1) });
    expect(oversized.status).toBe(403);
    const lastTooBig = await fetch(last!.url, { method: "PUT", body: bytes(8 * MiB) });
    expect(lastTooBig.status).toBe(403);
    const exact = await fetch(last!.url, { method: "PUT", body: bytes(3 * MiB) });
    expect(exact.status).toBe(200);
  });
});
