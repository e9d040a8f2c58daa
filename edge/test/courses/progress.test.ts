import { describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 30_000 });
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { createCourse, enrol, inviteCode, readyLecture } from "./fixtures.ts";

interface Progress {
  position: number;
  duration: number;
  completed: boolean;
}

describe("watch progress", () => {
  it("should resume where the student left off, complete at 90 % and keep it, and count completions for the instructor", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const first = await readyLecture(owner, courseId);
    const second = await readyLecture(owner, courseId);
    const student = await registerAndLogin("student");
    const leaver = await registerAndLogin("student");
    for (const s of [student, leaver])
      expect(await enrol(s, await inviteCode(owner, courseId))).toBe(201);
    const save = (token: string, id: string, position: number) =>
      callJson<{ progress: Progress }>(`/videos/${id}/progress`, {
        method: "PUT",
        token,
        body: { position, duration: 100 },
      });
    const read = async (id: string) =>
      (await callJson<{ progress: Progress }>(`/videos/${id}/progress`, { token: student.access }))
        .body.progress;

    expect((await read(first)).position).toBe(0);
    expect((await save(student.access, first, 20)).status).toBe(200);
    expect(await read(first)).toMatchObject({ position: 20, duration: 100, completed: false });
    expect((await save(student.access, first, 91)).body.progress.completed).toBe(true);
    // Rewatching the start later keeps the lecture completed.
    await save(student.access, first, 5);
    expect(await read(first)).toMatchObject({ position: 5, completed: true });
    await save(leaver.access, first, 95);
    await save(leaver.access, second, 99);

    const course = await callJson<{ completed: number; total: number; lectures: Progress[] }>(
      `/courses/${courseId}/progress`,
      { token: student.access },
    );
    expect(course.body).toMatchObject({ completed: 1, total: 2 });
    expect(course.body.lectures.map((l) => l.completed)).toEqual([true, false]);

    const removed = await call(`/courses/${courseId}/students/${leaver.id}`, {
      method: "DELETE",
      token: owner.access,
    });
    expect(removed.status).toBe(204);
    const completions = await callJson<{
      students: number;
      lectures: Array<{ id: string; completed: number }>;
    }>(`/courses/${courseId}/completions`, { token: owner.access });
    // The removed student's completions no longer count.
    expect(completions.body).toEqual({
      students: 1,
      lectures: [
        { id: first, title: "Lecture 1", completed: 1 },
        { id: second, title: "Lecture 1", completed: 0 },
      ],
    });
    const students = await callJson<{ items: Array<{ id: string; completed: number }> }>(
      `/courses/${courseId}/students`,
      { token: owner.access },
    );
    expect(students.body.items).toEqual([
      expect.objectContaining({ id: student.id, completed: 1 }),
    ]);
    expect((await save(leaver.access, first, 10)).status).toBe(404);
  });

  it("should refuse a position that is not a number and a zero duration", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const lecture = await readyLecture(owner, courseId);
    for (const body of [
      { position: "x", duration: 10 },
      { position: 1, duration: 0 },
    ]) {
      const response = await call(`/videos/${lecture}/progress`, {
        method: "PUT",
        token: owner.access,
        body,
      });
      expect(response.status).toBe(400);
    }
  });
});

describe("outline", () => {
  it("should reorder lectures into sections in one PATCH, refusing an outline that drops or adds one", async () => {
    const owner = await registerAndLogin("instructor");
    const courseId = await createCourse(owner, { published: true });
    const a = await readyLecture(owner, courseId);
    const b = await readyLecture(owner, courseId);
    const patch = (sections: unknown) =>
      callJson<{ course: { sections: Array<{ title: string; lectures: Array<{ id: string }> }> } }>(
        `/courses/${courseId}/outline`,
        { method: "PATCH", token: owner.access, body: { sections } },
      );
    const reordered = await patch([
      { title: "Intro", lectureIds: [b] },
      { title: "Main", lectureIds: [a] },
    ]);
    expect(reordered.status).toBe(200);
    expect(
      reordered.body.course.sections.map((s) => [s.title, s.lectures.map((l) => l.id)]),
    ).toEqual([
      ["Intro", [b]],
      ["Main", [a]],
    ]);
    expect((await patch([{ title: "Only", lectureIds: [a] }])).status).toBe(400);
    expect((await patch([{ title: "Twice", lectureIds: [a, b, a] }])).status).toBe(400);
    expect(
      (await patch([{ title: "Foreign", lectureIds: [a, b, crypto.randomUUID()] }])).status,
    ).toBe(400);
    const other = await registerAndLogin("instructor");
    const foreign = await call(`/courses/${courseId}/outline`, {
      method: "PATCH",
      token: other.access,
      body: { sections: [{ title: "x", lectureIds: [a, b] }] },
    });
    expect(foreign.status).toBe(404);
  });

  it("should put a video uploaded without a course into the owner's private Unsorted course", async () => {
    const owner = await registerAndLogin("instructor");
    const created = await callJson<{ video: { id: string; courseId: string } }>("/videos", {
      token: owner.access,
      body: { title: "Loose", filename: "a.mp4", size: 100, contentType: "video/mp4" },
    });
    expect(created.status).toBe(201);
    const course = await callJson<{
      course: { title: string; unsorted: boolean; visibility: string; published: boolean };
    }>(`/courses/${created.body.video.courseId}`, { token: owner.access });
    expect(course.body.course).toMatchObject({
      title: "Unsorted",
      unsorted: true,
      visibility: "private",
      published: false,
    });
    const again = await callJson<{ video: { courseId: string } }>("/videos", {
      token: owner.access,
      body: { title: "Loose 2", filename: "b.mp4", size: 100, contentType: "video/mp4" },
    });
    expect(again.body.video.courseId).toBe(created.body.video.courseId);

    // Later moved into a real course; another instructor can move it nowhere.
    const target = await createCourse(owner, { title: "Real" });
    const other = await registerAndLogin("instructor");
    const foreignCourse = await createCourse(other, { title: "Theirs" });
    const move = (token: string, courseId: string) =>
      callJson<{ course: { sections: Array<{ lectures: Array<{ id: string }> }> } }>(
        `/courses/${courseId}/lectures`,
        { token, body: { videoId: created.body.video.id } },
      );
    expect((await move(other.access, foreignCourse)).status).toBe(404);
    expect((await move(owner.access, foreignCourse)).status).toBe(404);
    const moved = await move(owner.access, target);
    expect(moved.status).toBe(200);
    expect(moved.body.course.sections.flatMap((s) => s.lectures.map((l) => l.id))).toEqual([
      created.body.video.id,
    ]);
    const video = await callJson<{ video: { courseId: string } }>(
      `/videos/${created.body.video.id}`,
      { token: owner.access },
    );
    expect(video.body.video.courseId).toBe(target);
  });
});
