import { describe, expect, it } from "vitest";
import { callJson, registerAndLogin } from "../support/api.ts";
import { bytes, createVideo, MiB } from "../support/media.ts";

const GiB = 1024 * MiB;
type ErrorBody = { error: { code: string; field?: string; message: string } };

describe("POST /videos with a proposed partSize", () => {
  it("should plan the parts a client proposes (Uppy chooses its chunk size before creating)", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 50 * MiB, multipart: true, partSize: 5 * MiB });
    expect(created.upload).toMatchObject({ type: "multipart", partSize: 5 * MiB, partCount: 10 });
    expect(created.video.upload).toMatchObject({ partSize: 5 * MiB, partCount: 10 });

    const odd = await createVideo(user, { size: 20 * MiB + 1, multipart: true, partSize: 7 * MiB });
    expect(odd.upload).toMatchObject({ partSize: 7 * MiB, partCount: 3 });
  });

  it("should keep today's plan without a proposal", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 50 * MiB, multipart: true });
    expect(created.upload).toMatchObject({ partSize: 8 * MiB, partCount: 7 });
  });

  it("should refuse part sizes outside S3's bounds (5 MiB to 5 GiB), naming partSize", async () => {
    const user = await registerAndLogin("instructor");
    for (const partSize of [5 * MiB - 1, 1024, 5 * GiB + 1, 6.5 * MiB + 0.5]) {
      const refused = await callJson<ErrorBody>("/videos", {
        token: user.access,
        body: { filename: "a.mp4", size: 50 * MiB, contentType: "video/mp4", partSize },
      });
      expect(refused.status, `partSize ${partSize}`).toBe(400);
      expect(refused.body.error.field).toBe("partSize");
    }
  });

  it("should refuse a part size that needs more parts than the configured maximum", async () => {
    const user = await registerAndLogin("instructor");
    const tooMany = await callJson<ErrorBody>("/videos", {
      token: user.access,
      body: {
        filename: "a.mp4",
        size: 50 * MiB,
        contentType: "video/mp4",
        multipart: true,
        partSize: 5 * MiB,
      },
      envOverrides: { MAX_UPLOAD_PARTS: "8" },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: "validation_failed", field: "partSize" });
    expect(tooMany.body.error.message).toMatch(/10 parts.*at most 8/);

    // S3's own maximum, 10,000 parts, is the default.
    const huge = await callJson<ErrorBody>("/videos", {
      token: user.access,
      body: { filename: "a.mp4", size: 50 * GiB, contentType: "video/mp4", partSize: 5 * MiB },
      envOverrides: { MAX_UPLOAD_BYTES: String(100 * GiB) },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.field).toBe("partSize");
    expect(huge.body.error.message).toMatch(/at most 10000/);
  });
});

describe("POST /videos/:id/upload/parts for one part", () => {
  it("should sign a single part by partNumber, and refuse one outside the plan naming partNumber", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 12 * MiB, multipart: true, partSize: 5 * MiB });
    const id = created.video.id;
    const one = await callJson<{ parts: Array<{ partNumber: number; url: string }> }>(
      `/videos/${id}/upload/parts`,
      { token: user.access, body: { partNumber: 3 } },
    );
    expect(one.status).toBe(200);
    expect(one.body.parts.map((p) => p.partNumber)).toEqual([3]);
    const put = await fetch(one.body.parts[0]!.url, { method: "PUT", body: bytes(2 * MiB) });
    expect(put.status).toBe(200);

    const outside = await callJson<ErrorBody>(`/videos/${id}/upload/parts`, {
      token: user.access,
      body: { partNumber: 4 },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe("partNumber");
    const neither = await callJson<ErrorBody>(`/videos/${id}/upload/parts`, {
      token: user.access,
      body: {},
    });
    expect(neither.status).toBe(400);
  });
});

describe("the default title", () => {
  it("should be the file name without its extension", async () => {
    const user = await registerAndLogin("instructor");
    for (const [filename, title] of [
      ["in.mp4", "in"],
      ["week 2.final.mov", "week 2.final"],
      ["README", "README"],
      [".mp4", ".mp4"],
      [`${"x".repeat(240)}.mp4`, "x".repeat(200)],
    ] as const) {
      const created = await callJson<{ video: { title: string } }>("/videos", {
        token: user.access,
        body: { filename, size: 1024, contentType: "video/mp4" },
      });
      expect(created.status, filename).toBe(201);
      expect(created.body.video.title).toBe(title);
    }
    const given = await createVideo(user, { title: "Week 1", filename: "in.mp4" });
    expect(given.video).toMatchObject({ title: "Week 1" });
  });
});

describe("the OpenAPI document", () => {
  it("should show title as optional and partSize with S3's bounds", async () => {
    const { body } = await callJson<{
      components: {
        schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }>;
      };
    }>("/openapi.json");
    const newVideo = body.components.schemas.NewVideo!;
    expect(newVideo.required).not.toContain("title");
    expect(newVideo.properties.partSize).toMatchObject({ minimum: 5 * MiB, maximum: 5 * GiB });
    expect(body.components.schemas.PartNumbers).toBeDefined();
  });
});
