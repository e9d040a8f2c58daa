import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuthUser } from "../../src/domain/auth-user.ts";
import type { ObjectStore } from "../../src/ports/object-store.ts";
import { getServices, type Services } from "../../src/services.ts";
import { createVideo as createVideoRecord } from "../../src/videos/create-video.ts";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { bytes, createVideo, drainJobsFor, MiB, putSingle, services } from "../support/media.ts";

// The gateway or the S3 endpoint unreachable (nothing listens on port 1): what the
// Worker sees when either is down. The rest of the stack is the real one.
const GATEWAY_DOWN = { DATA_API_URL: "http://127.0.0.1:1" };
const S3_DOWN = { S3_ENDPOINT: "http://127.0.0.1:1" };
const declaration = (size: number, multipart = false) => ({
  title: "Lecture",
  filename: "lecture.mp4",
  size,
  contentType: "video/mp4",
  multipart,
});

async function videoCount(user: TestUser): Promise<number> {
  const list = await callJson<{ items: unknown[] }>("/videos?limit=100", { token: user.access });
  return list.body.items.length;
}

async function expectDependencyError(response: Response, dependency: RegExp) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBeTruthy();
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("dependency_unavailable");
  expect(body.error.message).toMatch(dependency);
}

describe("Data API gateway down", () => {
  it("should answer 503 naming the gateway when a video is created, and record nothing", async () => {
    const user = await registerAndLogin("instructor");
    const response = await call("/videos", {
      token: user.access,
      body: declaration(1024),
      envOverrides: GATEWAY_DOWN,
    });
    await expectDependencyError(response, /data.?api|gateway/i);
    expect(await videoCount(user)).toBe(0);
  });

  it("should abort the storage upload it had started when the record cannot be written", async () => {
    const user = await registerAndLogin("instructor");
    const real = services();
    const started: Array<{ key: string; uploadId: string }> = [];
    // The real S3 adapter, with the multipart uploads it starts written down.
    const objects: ObjectStore = Object.assign(Object.create(real.objects) as ObjectStore, {
      async createMultipart(key: string, contentType: string) {
        const uploadId = await real.objects.createMultipart(key, contentType);
        started.push({ key, uploadId });
        return uploadId;
      },
    });
    const broken = getServices({ ...env, ...GATEWAY_DOWN });
    // The course is found; only the video record cannot be written.
    const withGatewayDown: Services = { ...broken, objects, courses: real.courses };
    await expect(
      createVideoRecord(
        withGatewayDown,
        { id: user.id, role: "instructor", jti: "j", exp: 0, familyId: "f" } satisfies AuthUser,
        declaration(11 * MiB, true),
      ),
    ).rejects.toMatchObject({ code: "dependency_unavailable" });
    expect(started).toHaveLength(1);
    expect(await real.objects.listParts(started[0]!.key, started[0]!.uploadId)).toBeNull();
  });
});

describe("S3 endpoint down", () => {
  it("should answer 503 naming storage for a multipart upload, and record nothing", async () => {
    const user = await registerAndLogin("instructor");
    const response = await call("/videos", {
      token: user.access,
      body: declaration(11 * MiB, true),
      envOverrides: S3_DOWN,
    });
    await expectDependencyError(response, /s3|storage/i);
    expect(await videoCount(user)).toBe(0);
  });

  it("should answer 503 on complete, keep the video waiting for its upload, and complete once storage is back", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 777 });
    await putSingle(created, bytes(777));
    const down = await call(`/videos/${created.video.id}/upload/complete`, {
      token: user.access,
      body: {},
      envOverrides: S3_DOWN,
    });
    await expectDependencyError(down, /s3|storage/i);
    const meanwhile = await callJson<{ video: { state: string } }>(`/videos/${created.video.id}`, {
      token: user.access,
    });
    expect(meanwhile.body.video.state).toBe("awaiting_upload");

    const retry = await callJson<{ video: { state: string } }>(
      `/videos/${created.video.id}/upload/complete`,
      { token: user.access, body: {} },
    );
    expect(retry.body.video.state).toBe("queued");
    expect(await drainJobsFor(created.video.id)).toHaveLength(1);
  });
});
