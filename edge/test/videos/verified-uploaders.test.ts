import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { verificationToken } from "../support/mail.ts";

// Registering and logging in run scrypt inside workerd.
const SLOW = 60_000;

const declaration = {
  title: "Week 1",
  filename: "week1.mp4",
  size: 1024,
  contentType: "video/mp4",
};

describe("REQUIRE_VERIFIED_UPLOADERS", () => {
  it(
    "should, when on, refuse an upload from an unverified instructor until the address is verified",
    async () => {
      const on = { REQUIRE_VERIFIED_UPLOADERS: "true" };
      const instructor = await registerAndLogin("instructor");
      const refused = await callJson<{ error: { code: string; message: string } }>("/videos", {
        token: instructor.access,
        body: declaration,
        envOverrides: on,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden");
      expect(refused.body.error.message).toMatch(/^Verify your e-mail address before uploading/);
      expect(refused.body.error.message).toContain(instructor.email);

      await call("/auth/verify", {
        body: { token: await verificationToken(instructor.email) },
        envOverrides: on,
      });
      const accepted = await callJson<{ video: { id: string } }>("/videos", {
        token: instructor.access,
        body: declaration,
        envOverrides: on,
      });
      expect(accepted.status).toBe(201);
    },
    SLOW,
  );

  it(
    "should, when on, also refuse the routes that sign uploads and attachments",
    async () => {
      const instructor = await registerAndLogin("instructor");
      // Created while the setting was off (as under `npm run dev`), then it is turned on.
      const created = await callJson<{ video: { id: string } }>("/videos", {
        token: instructor.access,
        body: { ...declaration, size: 200 * 1024 * 1024 },
      });
      expect(created.status).toBe(201);
      const id = created.body.video.id;
      const course = await callJson<{ course: { id: string } }>("/courses", {
        token: instructor.access,
        body: { title: "Course with files" },
      });
      expect(course.status).toBe(201);
      const on = { envOverrides: { REQUIRE_VERIFIED_UPLOADERS: "true" }, token: instructor.access };
      const statuses = await Promise.all([
        call(`/videos/${id}/upload/parts`, { ...on, body: { partNumbers: [1] } }),
        call(`/videos/${id}/upload/sign`, {
          ...on,
          body: { method: "PUT", uploadId: "x", partNumber: 1 },
        }),
        call(`/videos/${id}/upload/s3/initiate`, { ...on, method: "POST" }),
        call(`/videos/${id}/attachments`, {
          ...on,
          body: { filename: "notes.pdf", size: 100, contentType: "application/pdf" },
        }),
        call(`/courses/${course.body.course.id}/files`, {
          ...on,
          body: { kind: "pdf", filename: "slides.pdf", size: 100, contentType: "application/pdf" },
        }),
      ]).then((responses) => responses.map((r) => r.status));
      expect(statuses).toEqual([403, 403, 403, 403, 403]);
    },
    SLOW,
  );

  it(
    "should, when off (the default under npm run dev), let an unverified instructor upload",
    async () => {
      const instructor = await registerAndLogin("instructor");
      const accepted = await call("/videos", { token: instructor.access, body: declaration });
      expect(accepted.status).toBe(201);
      const off = await call("/videos", {
        token: instructor.access,
        body: declaration,
        envOverrides: { REQUIRE_VERIFIED_UPLOADERS: "false" },
      });
      expect(off.status).toBe(201);
    },
    SLOW,
  );
});
