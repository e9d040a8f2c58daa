import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { createVideo, MiB } from "../support/media.ts";

describe("attachments", () => {
  it("should upload a PDF through a presigned PUT, list it on the video and let viewers download it", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const pdf = new TextEncoder().encode("%PDF-1.4 slides");
    const created = await callJson<{
      attachment: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>(`/videos/${video.id}/attachments`, {
      token: owner.access,
      body: {
        kind: "pdf",
        filename: "../../etc/slides.pdf",
        size: pdf.length,
        contentType: "application/pdf",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.upload.url).not.toContain("etc");
    expect(
      (
        await fetch(created.body.upload.url, {
          method: "PUT",
          body: pdf,
          headers: created.body.upload.headers,
        })
      ).status,
    ).toBe(200);
    const listed = await callJson<{
      video: { attachments: Array<{ id: string; filename: string }> };
    }>(`/videos/${video.id}`, { token: owner.access });
    expect(listed.body.video.attachments).toEqual([
      expect.objectContaining({ id: created.body.attachment.id, filename: "../../etc/slides.pdf" }),
    ]);
    const download = await call(`/videos/${video.id}/attachments/${created.body.attachment.id}`, {
      token: owner.access,
    });
    expect(download.status).toBe(302);
    expect(await (await fetch(download.headers.get("location")!)).text()).toBe("%PDF-1.4 slides");
  });

  it("should refuse the wrong type for a kind and files over the limit, and other users' videos", async () => {
    const owner = await registerAndLogin("instructor");
    const { video } = await createVideo(owner);
    const wrongType = await callJson<{ error: { field: string } }>(
      `/videos/${video.id}/attachments`,
      {
        token: owner.access,
        body: { kind: "pdf", filename: "a.exe", size: 10, contentType: "application/x-msdownload" },
      },
    );
    expect(wrongType.status).toBe(415);
    const tooBig = await callJson<{ error: { field: string } }>(`/videos/${video.id}/attachments`, {
      token: owner.access,
      body: { kind: "thumbnail", filename: "a.png", size: 100 * MiB, contentType: "image/png" },
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.field).toBe("size");
    const other = await registerAndLogin("instructor");
    expect(
      (
        await call(`/videos/${video.id}/attachments`, {
          token: other.access,
          body: { kind: "pdf", filename: "a.pdf", size: 10, contentType: "application/pdf" },
        })
      ).status,
    ).toBe(404);
  });
});
