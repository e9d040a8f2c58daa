import { describe, expect, it } from "vitest";
import { OwnerVideoSchema, ViewerVideoSchema } from "../../src/videos/video-views.ts";
import { callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { services, uploadAndComplete } from "../support/media.ts";
import { postEvent, readyEvent } from "../support/webhooks.ts";
import { createCourse, enrol, inviteCode, readyLecture } from "../courses/fixtures.ts";

type Listed = { items: Array<Record<string, unknown>>; nextCursor: string | null };

/** A ready video whose owner was e-mailed about it: the notice holds the owner's address. */
async function readyVideoOf(owner: TestUser): Promise<string> {
  const id = await uploadAndComplete(owner);
  expect((await postEvent(readyEvent(id))).status).toBe(200);
  return id;
}

async function adminUser(): Promise<TestUser> {
  const user = await registerAndLogin("student");
  await services().users.setRole(user.id, "admin");
  const login = await callJson<{ access_token: string }>("/auth/login", {
    body: { email: user.email, password: user.password },
  });
  return { ...user, access: login.body.access_token };
}

/** A ready lecture of a published course, and a fresh user of `role` enrolled in it. */
async function lectureWithViewer(
  owner: TestUser,
  role: "student" | "instructor",
): Promise<{ id: string; viewer: TestUser }> {
  const courseId = await createCourse(owner, { published: true });
  const id = await readyLecture(owner, courseId);
  const viewer = await registerAndLogin(role);
  expect(await enrol(viewer, await inviteCode(owner, courseId))).toBe(201);
  return { id, viewer };
}

describe("who sees what of a video", { timeout: 30_000 }, () => {
  it("should not let a student listing videos harvest the instructors' e-mails", async () => {
    const owner = await registerAndLogin("instructor");
    const { id, viewer: student } = await lectureWithViewer(owner, "student");

    const listed = await callJson<Listed>("/videos?limit=100", { token: student.access });
    expect(listed.status).toBe(200);
    const seen = listed.body.items.find((item) => item.id === id);
    expect(seen).toBeDefined();
    const one = await callJson<{ video: Record<string, unknown> }>(`/videos/${id}`, {
      token: student.access,
    });
    for (const view of [seen, one.body.video]) {
      // Strict: a field outside the viewer's shape fails the parse.
      expect(() => ViewerVideoSchema.parse(view)).not.toThrow();
      const text = JSON.stringify(view);
      expect(text).not.toContain(owner.email);
      expect(text).not.toContain(owner.id);
      expect(text).not.toContain("lecture-1.mp4");
    }
    expect(JSON.stringify(listed.body)).not.toContain("@example.test");
  });

  it("should show the owner and admins everything, in the owner's shape", async () => {
    const owner = await registerAndLogin("instructor");
    const id = await readyVideoOf(owner);
    const admin = await adminUser();
    for (const user of [owner, admin]) {
      const { body } = await callJson<{ video: Record<string, unknown> }>(`/videos/${id}`, {
        token: user.access,
      });
      const video = OwnerVideoSchema.parse(body.video);
      expect(video.ownerId).toBe(owner.id);
      expect(video.upload.filename).toBe("lecture-1.mp4");
      expect(video.notifications).toEqual([
        expect.objectContaining({ type: "ready", to: owner.email }),
      ]);
    }
  });

  it("should show another instructor enrolled in the course the viewer's shape", async () => {
    const owner = await registerAndLogin("instructor");
    const { id, viewer: other } = await lectureWithViewer(owner, "instructor");
    const { status, body } = await callJson<{ video: Record<string, unknown> }>(`/videos/${id}`, {
      token: other.access,
    });
    expect(status).toBe(200);
    expect(() => ViewerVideoSchema.parse(body.video)).not.toThrow();
    expect(body.video).not.toHaveProperty("ownerId");
  });

  it("should document both shapes as strict schemas", async () => {
    const { body } = await callJson<{
      components: { schemas: Record<string, { additionalProperties?: boolean }> };
    }>("/openapi.json");
    expect(body.components.schemas.OwnerVideo?.additionalProperties).toBe(false);
    expect(body.components.schemas.ViewerVideo?.additionalProperties).toBe(false);
  });
});
