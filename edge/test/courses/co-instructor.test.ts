import { describe, expect, it, vi } from "vitest";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { services } from "../support/media.ts";
import { createCourse, readyLecture } from "./fixtures.ts";

vi.setConfig({ testTimeout: 30_000 });

/**
 * Co-instructors manage the course's lectures (rename, attach files, see the
 * upload and the processing failure) but never see the owner's e-mail, which
 * the owner's view carries in its notifications.
 */
describe("what a co-instructor sees of a lecture", () => {
  it("should get the manager's view without the owner's e-mail, and a viewer the viewer's view", async () => {
    const owner = await registerAndLogin("instructor");
    const co = await registerAndLogin("instructor");
    const outsider = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { visibility: "public", published: true });
    expect(
      (
        await call(`/courses/${courseId}`, {
          method: "PATCH",
          token: owner.access,
          body: { coInstructorIds: [co.id] },
        })
      ).status,
    ).toBe(200);
    const lectureId = await readyLecture(owner, courseId);
    // As the ready e-mail would have recorded it.
    await services().videos.recordNotice((await services().videos.get(lectureId))!, {
      type: "ready",
      to: owner.email,
      sentAt: new Date().toISOString(),
    });

    const asOwner = await callJson<{ video: Record<string, unknown> }>(`/videos/${lectureId}`, {
      token: owner.access,
    });
    expect(JSON.stringify(asOwner.body)).toContain(owner.email);

    const asCo = await call(`/videos/${lectureId}`, { token: co.access });
    const coText = await asCo.text();
    expect(asCo.status).toBe(200);
    expect(coText).not.toContain(owner.email);
    const coView = (JSON.parse(coText) as { video: Record<string, unknown> }).video;
    expect(coView).toHaveProperty("upload");
    expect(coView).not.toHaveProperty("notifications");

    const renamed = await call(`/videos/${lectureId}`, {
      method: "PATCH",
      token: co.access,
      body: { title: "Renamed by the co-instructor" },
    });
    const renamedText = await renamed.text();
    expect(renamed.status).toBe(200);
    expect(renamedText).toContain("Renamed by the co-instructor");
    expect(renamedText).not.toContain(owner.email);

    const asViewer = await callJson<{ video: Record<string, unknown> }>(`/videos/${lectureId}`, {
      token: outsider.access,
    });
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.video).not.toHaveProperty("upload");
    expect(JSON.stringify(asViewer.body)).not.toContain(owner.email);
  });
});

describe("choosing co-instructors by e-mail", () => {
  it("should add an instructor by e-mail, answer the same plain 404 for an unknown address and a student's, and remove", async () => {
    const owner = await registerAndLogin("instructor");
    const colleague = await registerAndLogin("instructor");
    const student = await registerAndLogin("student");
    const courseId = await createCourse(owner); // a private draft
    const add = (email: string, token = owner.access) =>
      callJson<{
        items?: Array<{ id: string; name: string; email?: string }>;
        error?: { message: string };
      }>(`/courses/${courseId}/co-instructors`, { token, body: { email } });

    const added = await add(`  ${colleague.email.toUpperCase()} `);
    expect(added.status).toBe(200);
    expect(added.body.items).toEqual([
      { id: colleague.id, name: expect.any(String), email: colleague.email },
    ]);
    expect((await call(`/courses/${courseId}`, { token: colleague.access })).status).toBe(200);

    const unknown = await add(`nobody-${crypto.randomUUID()}@example.com`);
    const aStudent = await add(student.email);
    expect([unknown.status, aStudent.status]).toEqual([404, 404]);
    // One message for both: a student's address is not told apart from no account.
    expect(aStudent.body.error?.message).toBe(unknown.body.error?.message);
    expect(unknown.body.error?.message).toMatch(/no instructor account/i);

    // Only the owner chooses; a co-instructor sees the list, without e-mails.
    expect((await add(student.email, colleague.access)).status).toBe(403);
    const listed = await callJson<{ items: Array<Record<string, unknown>> }>(
      `/courses/${courseId}/co-instructors`,
      { token: colleague.access },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ id: colleague.id, name: expect.any(String) }]);

    const removed = await call(`/courses/${courseId}/co-instructors/${colleague.id}`, {
      method: "DELETE",
      token: owner.access,
    });
    expect(removed.status).toBe(204);
    expect((await call(`/courses/${courseId}`, { token: colleague.access })).status).toBe(404);
  });
});
