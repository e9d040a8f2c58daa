import { TranscodeJobSchema } from "@coursecast/shared";
import { describe, expect, it } from "vitest";
import { runSweeper } from "../../src/videos/sweeper.ts";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import {
  bytes,
  createVideo,
  drainJobsFor,
  MiB,
  putSingle,
  services,
  uploadAndComplete,
} from "../support/media.ts";

const BROKER_DOWN = { RABBITMQ_API_URL: "http://127.0.0.1:1" };

describe("single PUT uploads", () => {
  it("should upload real bytes, complete, and publish exactly one job even when completed twice", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 2048 });
    expect(created.upload).toMatchObject({
      type: "single",
      headers: { "content-type": "video/mp4", "content-length": "2048" },
    });
    expect(created.video.state).toBe("awaiting_upload");
    expect((await putSingle(created, bytes(2048))).status).toBe(200);

    const first = await callJson<{ video: { state: string } }>(
      `/videos/${created.video.id}/upload/complete`,
      { token: user.access, body: {} },
    );
    expect(first.status).toBe(200);
    expect(first.body.video.state).toBe("queued");
    const second = await callJson<{ video: { state: string } }>(
      `/videos/${created.video.id}/upload/complete`,
      { token: user.access, body: {} },
    );
    expect(second.body.video.state).toBe("queued");

    const jobs = await drainJobsFor(created.video.id);
    expect(jobs).toHaveLength(1);
    const job = TranscodeJobSchema.parse(jobs[0]);
    expect(job.source).toMatchObject({
      key: `uploads/${created.video.id}/source`,
      size: 2048,
      contentType: "video/mp4",
    });
    expect(job.output.prefix).toBe(`videos/${created.video.id}/`);
    // The checked version: the transcoder reads the source only while it is still this one.
    const stored = await services().objects.head(`uploads/${created.video.id}/source`);
    expect(job.source.etag).toBe(stored!.etag);
    expect(jobs[0]!._messageId).toBe(job.jobId);
    expect(jobs[0]!._deliveryMode).toBe(2);
  });

  it("should not let the browser change the signed type or size", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 100 });
    const wrongType = await fetch(created.upload.url!, {
      method: "PUT",
      body: bytes(100),
      headers: { ...created.upload.headers, "content-type": "text/html" },
    });
    expect(wrongType.status).toBe(403);
    const wrongSize = await fetch(created.upload.url!, {
      method: "PUT",
      body: bytes(99),
      headers: { "content-type": "video/mp4" },
    });
    expect(wrongSize.status).toBe(403);
    const early = await callJson<{ error: { code: string } }>(
      `/videos/${created.video.id}/upload/complete`,
      { token: user.access, body: {} },
    );
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("upload_incomplete");
  });
});

describe("multipart uploads", () => {
  it("should resume after an interruption from the parts storage already holds", async () => {
    const user = await registerAndLogin("instructor");
    const size = 11 * MiB;
    const data = bytes(size, 3);
    const created = await createVideo(user, { size, multipart: true });
    expect(created.upload).toMatchObject({ type: "multipart", partSize: 8 * MiB, partCount: 2 });
    const id = created.video.id;

    const batch1 = await callJson<{ parts: Array<{ partNumber: number; url: string }> }>(
      `/videos/${id}/upload/parts`,
      { token: user.access, body: { partNumbers: [1] } },
    );
    const put1 = await fetch(batch1.body.parts[0]!.url, {
      method: "PUT",
      body: data.slice(0, 8 * MiB),
    });
    expect(put1.status).toBe(200);
    // The connection drops here; later the client asks what is stored.
    const stored = await callJson<{
      parts: Array<{ partNumber: number; etag: string; size: number }>;
    }>(`/videos/${id}/upload/parts`, { token: user.access });
    expect(stored.body.parts.map((p) => [p.partNumber, p.size])).toEqual([[1, 8 * MiB]]);

    const batch2 = await callJson<{ parts: Array<{ partNumber: number; url: string }> }>(
      `/videos/${id}/upload/parts`,
      { token: user.access, body: { partNumbers: [2] } },
    );
    const put2 = await fetch(batch2.body.parts[0]!.url, {
      method: "PUT",
      body: data.slice(8 * MiB),
    });
    const parts = [
      { partNumber: 1, etag: stored.body.parts[0]!.etag },
      { partNumber: 2, etag: put2.headers.get("etag")! },
    ];
    const done = await callJson<{ video: { state: string } }>(`/videos/${id}/upload/complete`, {
      token: user.access,
      body: { parts },
    });
    expect(done.status).toBe(200);
    expect(done.body.video.state).toBe("queued");
    expect((await services().objects.head(`uploads/${id}/source`))?.size).toBe(size);
    expect(await drainJobsFor(id)).toHaveLength(1);
  });

  it("should refuse a part of another size than planned, and complete nothing", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 11 * MiB, multipart: true });
    const id = created.video.id;
    const urls = await callJson<{ parts: Array<{ partNumber: number; url: string }> }>(
      `/videos/${id}/upload/parts`,
      { token: user.access, body: { partNumbers: [1, 2] } },
    );
    const etags = [];
    for (const [i, part] of urls.body.parts.entries()) {
      const put = await fetch(part.url, { method: "PUT", body: bytes(i === 0 ? 8 * MiB : MiB) });
      // Part URLs sign Content-Length: the short last part never reaches storage.
      expect(put.status).toBe(i === 0 ? 200 : 403);
      etags.push({ partNumber: part.partNumber, etag: put.headers.get("etag") ?? '"none"' });
    }
    const done = await callJson<{ error: { code: string; field: string } }>(
      `/videos/${id}/upload/complete`,
      { token: user.access, body: { parts: etags } },
    );
    expect(done.status).toBe(409);
    expect(done.body.error).toMatchObject({ code: "upload_incomplete", field: "parts" });
    expect(await services().objects.head(`uploads/${id}/source`)).toBeNull();
    expect(await drainJobsFor(id)).toHaveLength(0);
  });

  it("should abort an upload", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 11 * MiB, multipart: true });
    expect(
      (await call(`/videos/${created.video.id}/upload`, { method: "DELETE", token: user.access }))
        .status,
    ).toBe(204);
    const after = await callJson<{ video: { state: string; failure: { reason: string } } }>(
      `/videos/${created.video.id}`,
      { token: user.access },
    );
    expect(after.body.video).toMatchObject({
      state: "failed",
      failure: { reason: "upload_aborted" },
    });
  });
});

describe("limits and access", () => {
  it("should refuse files over the size limit and types not allowed, naming the field", async () => {
    const user = await registerAndLogin("instructor");
    const big = await callJson<{ error: { code: string; field: string } }>("/videos", {
      token: user.access,
      body: { title: "t", filename: "a.mp4", size: 11 * 1024 * MiB, contentType: "video/mp4" },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.field).toBe("size");
    const html = await callJson<{ error: { code: string; field: string } }>("/videos", {
      token: user.access,
      body: { title: "t", filename: "a.html", size: 10, contentType: "text/html" },
    });
    expect(html.status).toBe(415);
    expect(html.body.error.field).toBe("contentType");
  });

  it("should accept audio-only lectures (.m4a, .mp3): the transcoder gives them a waveform picture", async () => {
    const user = await registerAndLogin("instructor");
    for (const [filename, contentType] of [
      ["talk.m4a", "audio/mp4"],
      ["talk.m4a", "audio/x-m4a"],
      ["podcast.mp3", "audio/mpeg"],
    ]) {
      const created = await call("/videos", {
        token: user.access,
        body: { title: "t", filename, size: 1000, contentType },
      });
      expect(created.status, contentType).toBe(201);
    }
  });

  it("should not let students upload, nor another instructor see a video (404, not 403)", async () => {
    const student = await registerAndLogin("student");
    expect(
      (
        await call("/videos", {
          token: student.access,
          body: { title: "t", filename: "a.mp4", size: 10, contentType: "video/mp4" },
        })
      ).status,
    ).toBe(403);
    const owner = await registerAndLogin("instructor");
    const other = await registerAndLogin("instructor");
    const created = await createVideo(owner);
    expect((await call(`/videos/${created.video.id}`, { token: other.access })).status).toBe(404);
    expect(
      (await call(`/videos/${created.video.id}/upload/complete`, { token: other.access, body: {} }))
        .status,
    ).toBe(404);
    expect((await call(`/videos/${created.video.id}`, { token: student.access })).status).toBe(404);
  });

  it("should list an instructor's own videos with cursor pagination", async () => {
    const user = await registerAndLogin("instructor");
    for (let i = 0; i < 3; i++) await createVideo(user, { title: `L${i}` });
    const page1 = await callJson<{ items: Array<{ title: string }>; nextCursor: string }>(
      "/videos?limit=2",
      { token: user.access },
    );
    expect(page1.body.items.map((v) => v.title)).toEqual(["L2", "L1"]);
    const page2 = await callJson<{ items: Array<{ title: string }>; nextCursor: string | null }>(
      `/videos?limit=2&cursor=${page1.body.nextCursor}`,
      { token: user.access },
    );
    expect(page2.body.items.map((v) => v.title)).toEqual(["L0"]);
    expect(page2.body.nextCursor).toBeNull();
  });
});

describe("publishing with compensation", () => {
  it("should answer 503 with Retry-After while the broker API is down, keep the upload, and publish on retry", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { size: 512 });
    await putSingle(created, bytes(512));
    const down = await call(`/videos/${created.video.id}/upload/complete`, {
      token: user.access,
      body: {},
      envOverrides: BROKER_DOWN,
    });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBeTruthy();
    const meanwhile = await callJson<{ video: { state: string } }>(`/videos/${created.video.id}`, {
      token: user.access,
    });
    expect(meanwhile.body.video.state).toBe("uploaded");
    expect(await services().objects.head(`uploads/${created.video.id}/source`)).not.toBeNull();

    const retry = await callJson<{ video: { state: string } }>(
      `/videos/${created.video.id}/upload/complete`,
      { token: user.access, body: {} },
    );
    expect(retry.body.video.state).toBe("queued");
    expect(await drainJobsFor(created.video.id)).toHaveLength(1);
  });

  it("should let the sweeper republish a stuck job and expire abandoned uploads", async () => {
    const user = await registerAndLogin("instructor");
    const stuck = await createVideo(user, { size: 256 });
    await putSingle(stuck, bytes(256));
    await call(`/videos/${stuck.video.id}/upload/complete`, {
      token: user.access,
      body: {},
      envOverrides: BROKER_DOWN,
    });
    const abandoned = await createVideo(user, { size: 11 * MiB, multipart: true });

    const later = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    const report = await runSweeper(services(), later);
    expect(report.republished).toBeGreaterThanOrEqual(1);
    expect(report.expired).toBeGreaterThanOrEqual(1);
    expect(await drainJobsFor(stuck.video.id)).toHaveLength(1);

    // A job held as a lease whose worker vanished: processing, then no heartbeat.
    const { postEvent, progressEvent } = await import("../support/webhooks.ts");
    await postEvent(progressEvent(stuck.video.id, 30));
    const silent = await runSweeper(services(), new Date(Date.now() + 2 * 24 * 3600 * 1000));
    expect(silent.republished).toBeGreaterThanOrEqual(1);
    expect(await drainJobsFor(stuck.video.id)).toHaveLength(1);
    const expired = await callJson<{ video: { state: string; failure: { reason: string } } }>(
      `/videos/${abandoned.video.id}`,
      { token: user.access },
    );
    expect(expired.body.video).toMatchObject({
      state: "failed",
      failure: { reason: "upload_expired" },
    });
  });
});

describe("DELETE /videos/:id", () => {
  it("should remove every object under the video's prefix, the upload and the record", async () => {
    const user = await registerAndLogin("instructor");
    const id = await uploadAndComplete(user);
    for (const key of [
      `videos/${id}/hls/master.m3u8`,
      `videos/${id}/hls/720p/seg_00001.m4s`,
      `videos/${id}/poster.jpg`,
    ]) {
      const put = await services().objects.presignPut(key, {
        contentType: "application/octet-stream",
        contentLength: 3,
        expiresIn: 60,
      });
      expect(
        (await fetch(put.url, { method: "PUT", body: "abc", headers: put.headers })).status,
      ).toBe(200);
    }
    expect((await call(`/videos/${id}`, { method: "DELETE", token: user.access })).status).toBe(
      204,
    );
    for (const key of [
      `uploads/${id}/source`,
      `videos/${id}/hls/master.m3u8`,
      `videos/${id}/hls/720p/seg_00001.m4s`,
      `videos/${id}/poster.jpg`,
    ]) {
      expect(await services().objects.head(key)).toBeNull();
    }
    expect((await call(`/videos/${id}`, { token: user.access })).status).toBe(404);
    await drainJobsFor(id);
  });
});
