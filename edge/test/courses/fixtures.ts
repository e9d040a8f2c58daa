import { expect } from "vitest";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { bytes, createVideo, putObject, putSingle, services } from "../support/media.ts";
import { postEvent, readyEvent } from "../support/webhooks.ts";

export async function loginAgain(user: TestUser): Promise<TestUser> {
  const login = await callJson<{ access_token: string; refresh_token: string }>("/auth/login", {
    body: { email: user.email, password: user.password },
  });
  return { ...user, access: login.body.access_token, refresh: login.body.refresh_token };
}

export async function registerAdmin(): Promise<TestUser> {
  const user = await registerAndLogin("student");
  await services().users.setRole(user.id, "admin");
  return loginAgain(user);
}

export interface CourseInput {
  title?: string;
  visibility?: "private" | "public";
  published?: boolean;
}

export async function createCourse(owner: TestUser, input: CourseInput = {}): Promise<string> {
  const created = await callJson<{ course: { id: string } }>("/courses", {
    token: owner.access,
    body: { title: "Course", ...input },
  });
  expect(created.status).toBe(201);
  return created.body.course.id;
}

/** A ready lecture of the course whose master playlist and MP4 really exist in storage. */
export async function readyLecture(owner: TestUser, courseId: string): Promise<string> {
  const created = await createVideo(owner, { courseId });
  expect((await putSingle(created, bytes(1024))).ok).toBe(true);
  const id = created.video.id;
  const done = await call(`/videos/${id}/upload/complete`, { token: owner.access, body: {} });
  expect(done.status).toBe(200);
  const prefix = `videos/${id}/`;
  await putObject(
    `${prefix}hls/master.m3u8`,
    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000\n360p/index.m3u8\n",
    "application/vnd.apple.mpegurl",
  );
  await putObject(`${prefix}download.mp4`, "mp4-bytes", "video/mp4");
  expect((await postEvent(readyEvent(id))).status).toBe(200);
  return id;
}

export async function inviteCode(owner: TestUser, courseId: string, body: object = {}) {
  const invite = await callJson<{ invite: { code: string; url: string } }>(
    `/courses/${courseId}/invites`,
    { token: owner.access, body },
  );
  expect(invite.status).toBe(201);
  return invite.body.invite.code;
}

export async function enrol(student: TestUser, code: string): Promise<number> {
  return (await call("/enrolments", { token: student.access, body: { code } })).status;
}

/** Publishes the course a video is in and enrols the student through an invite; the course's id. */
export async function enrolInCourseOf(
  owner: TestUser,
  student: TestUser,
  videoId: string,
): Promise<string> {
  const { body } = await callJson<{ video: { courseId: string } }>(`/videos/${videoId}`, {
    token: owner.access,
  });
  const courseId = body.video.courseId;
  await call(`/courses/${courseId}`, {
    method: "PATCH",
    token: owner.access,
    body: { published: true },
  });
  expect(await enrol(student, await inviteCode(owner, courseId))).toBe(201);
  return courseId;
}

/** The master playlist URL (path and query) the playback links hand this user, or null. */
export async function masterUrl(user: TestUser, videoId: string): Promise<string | null> {
  const links = await callJson<{ master: string }>(`/videos/${videoId}/playback`, {
    token: user.access,
  });
  if (links.status !== 200) return null;
  const url = new URL(links.body.master);
  return url.pathname + url.search;
}
