import { describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 30_000 });
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { dataApi } from "../support/media.ts";
import { createCourse, enrol, inviteCode, masterUrl, readyLecture } from "./fixtures.ts";

describe("invites", () => {
  it("should refuse an expired invite with 410 and enrol nobody", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const code = await inviteCode(owner, courseId, { expiresInSeconds: 60 });
    // Age the invite past its expiry, as time would.
    await dataApi().action("updateOne", "course_invites", {
      filter: { _id: code },
      update: { $set: { expiresAt: new Date(Date.now() - 1000).toISOString() } },
    });
    const student = await registerAndLogin("student");
    expect(await enrol(student, code)).toBe(410);
    expect((await call(`/invites/${code}`)).status).toBe(410);
    expect((await call(`/courses/${courseId}`, { token: student.access })).status).toBe(404);
  });

  it("should refuse a revoked invite, keep enrolments made before, and not revoke twice", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const code = await inviteCode(owner, courseId);
    const early = await registerAndLogin("student");
    expect(await enrol(early, code)).toBe(201);
    const revoke = () =>
      call(`/courses/${courseId}/invites/${code}`, { method: "DELETE", token: owner.access });
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(404);
    const late = await registerAndLogin("student");
    expect(await enrol(late, code)).toBe(410);
    expect((await call(`/courses/${courseId}`, { token: early.access })).status).toBe(200);
    const listed = await callJson<{
      items: Array<{ code: string; revoked: boolean; uses: number }>;
    }>(`/courses/${courseId}/invites`, { token: owner.access });
    expect(listed.body.items).toEqual([expect.objectContaining({ code, revoked: true, uses: 1 })]);
  });

  it("should stop at the use limit, spend no use on a repeat, and 404 an unknown code", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true, title: "Limited" });
    const code = await inviteCode(owner, courseId, { maxUses: 1 });
    const preview = await callJson<{ course: { title: string } }>(`/invites/${code}`);
    expect(preview.body.course.title).toBe("Limited");
    const first = await registerAndLogin("student");
    expect(await enrol(first, code)).toBe(201);
    expect(await enrol(first, code)).toBe(200);
    const second = await registerAndLogin("student");
    expect(await enrol(second, code)).toBe(410);
    expect(await enrol(second, "A".repeat(22))).toBe(404);
  });
});

describe("students", () => {
  it("should end a removed student's playback at once: master playlist and downloads answer 404", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const lectureId = await readyLecture(owner, courseId);
    const student = await registerAndLogin("student");
    expect(await enrol(student, await inviteCode(owner, courseId))).toBe(201);
    const master = await masterUrl(student, lectureId);
    expect(master).not.toBeNull();
    const token = new URL(`http://x${master!}`).searchParams.get("token")!;
    const download = `/videos/${lectureId}/download?format=mp4`;
    expect((await call(master!)).status).toBe(200);
    expect((await call(`${download}&token=${token}`)).status).toBe(302);
    expect((await call(download, { token: student.access })).status).toBe(302);

    const students = await callJson<{ items: Array<{ id: string }> }>(
      `/courses/${courseId}/students`,
      { token: owner.access },
    );
    expect(students.body.items.map((s) => s.id)).toEqual([student.id]);
    const removed = await call(`/courses/${courseId}/students/${student.id}`, {
      method: "DELETE",
      token: owner.access,
    });
    expect(removed.status).toBe(204);

    expect((await call(master!)).status).toBe(404);
    expect((await call(`${download}&token=${token}`)).status).toBe(404);
    expect((await call(download, { token: student.access })).status).toBe(404);
    expect((await call(`/videos/${lectureId}/playback`, { token: student.access })).status).toBe(
      404,
    );
  });

  it("should let a student leave, and self-enrol only in a public published course", async () => {
    const owner = await registerAndLogin("instructor");
    const open = await createCourse(owner, { published: true, visibility: "public" });
    const closed = await createCourse(owner, { published: true });
    const student = await registerAndLogin("student");
    const join = (id: string) =>
      call(`/courses/${id}/enrolment`, { method: "POST", token: student.access });
    expect((await join(closed)).status).toBe(404);
    expect((await join(open)).status).toBe(201);
    expect((await join(open)).status).toBe(200);
    const leave = (id: string) =>
      call(`/courses/${id}/enrolment`, { method: "DELETE", token: student.access });
    expect((await leave(open)).status).toBe(204);
    expect((await leave(open)).status).toBe(404);
    expect(await enrol(student, await inviteCode(owner, closed))).toBe(201);
    expect((await leave(closed)).status).toBe(204);
    expect((await call(`/courses/${closed}`, { token: student.access })).status).toBe(404);
  });
});

describe("listing invites", () => {
  it("should page through a course's invites newest first with a cursor, and filter to live ones", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await inviteCode(owner, courseId));
    const revoked = await call(`/courses/${courseId}/invites/${codes[0]}`, {
      method: "DELETE",
      token: owner.access,
    });
    expect(revoked.status).toBe(204);
    type Page = { items: Array<{ code: string }>; nextCursor: string | null };
    const first = await callJson<Page>(`/courses/${courseId}/invites?limit=2`, {
      token: owner.access,
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.code)).toEqual([codes[2], codes[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await callJson<Page>(
      `/courses/${courseId}/invites?limit=2&cursor=${first.body.nextCursor}`,
      { token: owner.access },
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ code: codes[0] })],
      nextCursor: null,
    });
    const live = await callJson<Page>(`/courses/${courseId}/invites?live=true`, {
      token: owner.access,
    });
    expect(live.body.items.map((i) => i.code)).toEqual([codes[2], codes[1]]);
  });
});

describe("the invite link page", () => {
  it("should give a logged-out visitor the console page for any code, even a malformed one", async () => {
    for (const code of ["a".repeat(22), "short", "has%20spaces%20in%20it!!", "x".repeat(80)]) {
      const page = await call(`/join/${code}`);
      expect(page.status, code).toBe(200);
      expect(page.headers.get("content-type"), code).toMatch(/^text\/html/);
      expect(await page.text(), code).toContain('id="app"');
    }
  });
});
