import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { createVideo } from "../support/media.ts";

const PDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
const HTML = "<html><script>fetch('/auth/console/refresh',{method:'POST'})</script></html>";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

interface Created {
  attachment: { id: string };
  upload: { url: string; headers: Record<string, string> };
}

async function attach(
  user: TestUser,
  videoId: string,
  body: Uint8Array | string,
  meta: { kind: string; filename: string; contentType: string },
  envOverrides?: Record<string, string>,
) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const created = await callJson<Created & { error: { code: string; field: string } }>(
    `/videos/${videoId}/attachments`,
    {
      token: user.access,
      body: { ...meta, size: bytes.length },
      ...(envOverrides ? { envOverrides } : {}),
    },
  );
  if (created.status !== 201) return { created, complete: null };
  const put = await fetch(created.body.upload.url, {
    method: "PUT",
    body: bytes,
    headers: created.body.upload.headers,
  });
  expect(put.status).toBe(200);
  const complete = await callJson<{ error: { code: string } } | null>(
    `/videos/${videoId}/attachments/${created.body.attachment.id}/complete`,
    { token: user.access, body: {} },
  );
  return { created, complete };
}

describe("attachment content", () => {
  it("should refuse HTML uploaded as a PDF at completion, keeping nothing, and never serve it", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const { created, complete } = await attach(owner, video.id, HTML, {
      kind: "pdf",
      filename: "Lecture notes.html",
      contentType: "application/pdf",
    });
    expect(complete!.status).toBe(422);
    expect(complete!.body?.error.code).toBe("upload_mismatch");
    const download = await call(`/videos/${video.id}/attachments/${created.body.attachment.id}`, {
      token: owner.access,
    });
    expect(download.status).toBe(404);
    const listed = await callJson<{ video: { attachments: unknown[] } }>(`/videos/${video.id}`, {
      token: owner.access,
    });
    expect(listed.body.video.attachments).toEqual([]);
  }, 30_000);

  it("should serve a checked PDF as a download with the .pdf extension, whatever its name says", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const { created, complete } = await attach(owner, video.id, PDF, {
      kind: "pdf",
      filename: "Lecture notes.html",
      contentType: "application/pdf",
    });
    expect(complete!.status).toBe(204);
    const download = await call(`/videos/${video.id}/attachments/${created.body.attachment.id}`, {
      token: owner.access,
    });
    expect(download.status).toBe(302);
    const location = new URL(download.headers.get("location")!);
    const disposition = location.searchParams.get("response-content-disposition")!;
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toContain('filename="Lecture notes.pdf"');
    expect(location.searchParams.get("response-content-type")).toBe("application/pdf");
    const served = await fetch(location);
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(await served.text()).toBe(PDF);
  }, 30_000);

  it("should check image magic for thumbnails", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const good = await attach(owner, video.id, PNG, {
      kind: "thumbnail",
      filename: "cover",
      contentType: "image/png",
    });
    expect(good.complete!.status).toBe(204);
    const bad = await attach(owner, video.id, HTML, {
      kind: "thumbnail",
      filename: "cover.png",
      contentType: "image/png",
    });
    expect(bad.complete!.status).toBe(422);
  }, 30_000);

  it("should cap attachments per video by count and total bytes", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const limits = { MAX_ATTACHMENTS_PER_VIDEO: "2", MAX_ATTACHMENT_TOTAL_BYTES: "300" };
    const meta = { kind: "pdf", filename: "a.pdf", contentType: "application/pdf" };
    expect((await attach(owner, video.id, PDF, meta, limits)).complete!.status).toBe(204);
    const overBytes = await attach(owner, video.id, PDF.repeat(4), meta, limits);
    expect(overBytes.created.status).toBe(413);
    expect(overBytes.created.body.error.field).toBe("size");
    expect((await attach(owner, video.id, PDF, meta, limits)).complete!.status).toBe(204);
    const overCount = await attach(owner, video.id, PDF, meta, limits);
    expect(overCount.created.status).toBe(409);
    expect(overCount.created.body.error.code).toBe("conflict");
  }, 30_000);
});
