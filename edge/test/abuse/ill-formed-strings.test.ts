import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWellFormed } from "../../src/domain/well-formed-text.ts";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { createVideo, dataApi, uploadAndComplete } from "../support/media.ts";
import { postEvent, readyEvent } from "../support/webhooks.ts";

// A lone UTF-16 surrogate survives JSON.parse (`"\ud800"`) but not encodeURIComponent:
// stored in a title or a file name, it made every viewer's playback and download a 500.
const LONE = "Lecture \ud800 notes";

describe("ill-formed strings", () => {
  it("should refuse a lone surrogate in any string field, naming the field", async () => {
    const user = await registerAndLogin("instructor");
    const video = { title: "t", filename: "a.mp4", size: 10, contentType: "video/mp4" };
    for (const [body, field] of [
      [{ ...video, title: LONE }, "title"],
      [{ ...video, filename: `x\udc00.mp4` }, "filename"],
      [{ ...video, description: "\udfff" }, "description"],
      [{ ...video, contentType: "video/mp4\ud83d" }, "contentType"],
    ] as const) {
      const response = await callJson<{ error: { code: string; field: string } }>("/videos", {
        token: user.access,
        body,
      });
      expect(response.status, field).toBe(400);
      expect(response.body.error).toMatchObject({ code: "validation_failed", field });
    }
    const { video: created } = await createVideo(user);
    const patch = await callJson<{ error: { field: string } }>(`/videos/${created.id}`, {
      method: "PATCH",
      token: user.access,
      body: { title: LONE },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.field).toBe("title");
    const attachment = await callJson<{ error: { field: string } }>(
      `/videos/${created.id}/attachments`,
      {
        token: user.access,
        body: { kind: "pdf", filename: "n\ud800.pdf", size: 10, contentType: "application/pdf" },
      },
    );
    expect(attachment.status).toBe(400);
    expect(attachment.body.error.field).toBe("filename");
    const register = await callJson<{ error: { field: string } }>("/auth/register", {
      body: { email: "x@example.test", password: "a long passphrase", name: LONE, role: "student" },
    });
    expect(register.status).toBe(400);
    expect(register.body.error.field).toBe("name");
    // Well-formed astral characters (a surrogate pair) are fine.
    expect((await createVideo(user, { title: "Lecture 🎓 1" })).video.id).toBeTruthy();
  }, 30_000);

  it("should not answer 500 for playback and download of a video stored with one", async () => {
    const owner = await registerAndLogin("instructor");
    const id = await uploadAndComplete(owner);
    expect((await postEvent(readyEvent(id))).status).toBe(200);
    // Stored before validation refused it (older records).
    await dataApi().action("updateOne", "videos", {
      filter: { _id: id },
      update: { $set: { title: LONE } },
    });
    const playback = await call(`/videos/${id}/playback`, { token: owner.access });
    expect(playback.status).toBe(200);
    const download = await call(`/videos/${id}/download?format=mp4`, { token: owner.access });
    expect(download.status).toBe(302);
    const location = new URL(download.headers.get("location")!);
    expect(location.searchParams.get("response-content-disposition")).toContain(".mp4");
  }, 30_000);

  it("should never answer 500 to titles and file names of arbitrary code units (fuzz)", async () => {
    const user = await registerAndLogin("instructor");
    // Any code point, plus lone surrogates often (they are rare among all code points).
    const unit = fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    );
    const text = fc.string({ unit, minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(text, text, async (title, filename) => {
        const response = await call("/videos", {
          token: user.access,
          body: { title, filename, size: 10, contentType: "video/mp4" },
        });
        expect(response.status).toBeLessThan(500);
        if (!isWellFormed(title) || !isWellFormed(filename)) expect(response.status).toBe(400);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
