import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { issueViewerPlaybackToken } from "../../src/courses/viewer-playback-token.ts";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { enrolmentId } from "../../src/domain/course.ts";
import { createVideo, putObject, services } from "../support/media.ts";
import { createCourse, enrol, inviteCode, readyLecture, registerAdmin } from "./fixtures.ts";

/**
 * Every course route and every video read × every kind of caller × a private,
 * a public and a draft course: managers manage, viewers watch, everyone else
 * gets 404 (anonymous callers 401), playback tokens and downloads included.
 */
vi.setConfig({ testTimeout: 30_000 });

const ACTORS = [
  "owner",
  "coInstructor",
  "otherInstructor",
  "enrolledStudent",
  "otherStudent",
  "anonymous",
  "admin",
] as const;
type Actor = (typeof ACTORS)[number];
type Level = "manage" | "view" | "none";
type Kind = "private" | "public" | "draft";

const managers = { owner: "manage", coInstructor: "manage", admin: "manage" } as const;
const EXPECTED: Record<Kind, Record<Exclude<Actor, "anonymous">, Level>> = {
  private: {
    ...managers,
    otherInstructor: "none",
    enrolledStudent: "view",
    otherStudent: "none",
  },
  public: { ...managers, otherInstructor: "view", enrolledStudent: "view", otherStudent: "view" },
  // A draft of a public course: even its enrolled students see nothing yet.
  draft: { ...managers, otherInstructor: "none", enrolledStudent: "none", otherStudent: "none" },
};

interface Fixture {
  courseId: string;
  lectureId: string;
  attachmentId: string;
  fileId: string;
}

interface RouteCase {
  /** The OpenAPI operation, `method path`: every course-scoped operation needs a row. */
  op: string;
  name: string;
  need: "manage" | "view";
  ok: number;
  /** The status a student gets when a role check comes before the course check. */
  student?: number;
  /** Owner-only operations: what a co-instructor gets instead of `ok`. */
  coInstructor?: number;
  /** Operations whose answer is not "allowed or 404" (enrolling, leaving): the whole rule. */
  want?: (kind: Kind, actor: Exclude<Actor, "anonymous">, level: Level) => number;
  run: (f: Fixture, user: TestUser | null, actor: Actor) => Promise<number>;
}

const token = (user: TestUser | null) => (user ? { token: user.access } : {});
const status = async (path: string, user: TestUser | null, init: Record<string, unknown> = {}) =>
  (await call(path, { ...token(user), ...init })).status;

const ROUTES: RouteCase[] = [
  {
    op: "get /courses/{id}",
    name: "GET /courses/:id",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}`, u),
  },
  {
    op: "get /courses/{id}/progress",
    name: "GET /courses/:id/progress",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/progress`, u),
  },
  {
    op: "get /videos/{id}",
    name: "GET /videos/:id",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}`, u),
  },
  {
    op: "get /videos/{id}/playback",
    name: "GET /videos/:id/playback",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/playback`, u),
  },
  {
    op: "get /videos/{id}/playback/master.m3u8",
    name: "GET master.m3u8 with a token bound to the caller",
    need: "view",
    ok: 200,
    run: async (f, u) => {
      if (!u) return status(`/videos/${f.lectureId}/playback/master.m3u8`, null);
      return status(
        `/videos/${f.lectureId}/playback/master.m3u8?token=${await boundToken(f, u)}`,
        null,
      );
    },
  },
  {
    op: "get /videos/{id}/download",
    name: "GET /videos/:id/download",
    need: "view",
    ok: 302,
    run: (f, u) => status(`/videos/${f.lectureId}/download?format=mp4`, u),
  },
  {
    op: "get /videos/{id}/attachments/{attachmentId}",
    name: "GET /videos/:id/attachments/:aid",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/attachments/${f.attachmentId}?redirect=false`, u),
  },
  {
    op: "get /courses/{id}/files/{fileId}",
    name: "GET /courses/:id/files/:fid",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/files/${f.fileId}?redirect=false`, u),
  },
  {
    op: "put /videos/{id}/progress",
    name: "PUT /videos/:id/progress",
    need: "view",
    ok: 200,
    run: (f, u) =>
      status(`/videos/${f.lectureId}/progress`, u, {
        method: "PUT",
        body: { position: 3, duration: 12.5 },
      }),
  },
  {
    op: "get /videos/{id}/progress",
    name: "GET /videos/:id/progress",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/progress`, u),
  },
  {
    op: "patch /courses/{id}",
    name: "PATCH /courses/:id",
    need: "manage",
    ok: 200,
    run: (f, u) =>
      status(`/courses/${f.courseId}`, u, { method: "PATCH", body: { description: "edited" } }),
  },
  {
    op: "patch /courses/{id}/outline",
    name: "PATCH /courses/:id/outline",
    need: "manage",
    ok: 200,
    run: async (f, u) => {
      const lectures = await services().lectures.listByCourse(f.courseId, 100);
      return status(`/courses/${f.courseId}/outline`, u, {
        method: "PATCH",
        body: {
          sections: [{ title: "All", lectureIds: lectures.map((v) => v._id).reverse() }],
        },
      });
    },
  },
  {
    op: "post /courses/{id}/files",
    name: "POST /courses/:id/files",
    need: "manage",
    ok: 201,
    run: (f, u) =>
      status(`/courses/${f.courseId}/files`, u, {
        body: { kind: "pdf", filename: "notes.pdf", size: 100, contentType: "application/pdf" },
      }),
  },
  {
    op: "post /courses/{id}/invites",
    name: "POST /courses/:id/invites",
    need: "manage",
    ok: 201,
    run: (f, u) => status(`/courses/${f.courseId}/invites`, u, { body: {} }),
  },
  {
    op: "get /courses/{id}/invites",
    name: "GET /courses/:id/invites",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/invites`, u),
  },
  {
    op: "get /courses/{id}/students",
    name: "GET /courses/:id/students",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/students`, u),
  },
  {
    op: "get /courses/{id}/completions",
    name: "GET /courses/:id/completions",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/completions`, u),
  },
  {
    op: "post /courses/{id}/lectures",
    name: "POST /courses/:id/lectures (its own lecture, in place)",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/lectures`, u, { body: { videoId: f.lectureId } }),
  },
  {
    op: "delete /courses/{id}/invites/{code}",
    name: "DELETE /courses/:id/invites/:code",
    need: "manage",
    ok: 204,
    run: async (f, u) => {
      const code = await inviteCode(users.owner, f.courseId);
      return status(`/courses/${f.courseId}/invites/${code}`, u, { method: "DELETE" });
    },
  },
  {
    op: "post /videos",
    name: "POST /videos with courseId",
    need: "manage",
    ok: 201,
    student: 403,
    run: (f, u) =>
      status("/videos", u, {
        body: {
          title: "Another",
          filename: "a.mp4",
          size: 100,
          contentType: "video/mp4",
          courseId: f.courseId,
        },
      }),
  },
  {
    op: "get /videos/{id}/playback/{rendition}/{file}",
    name: "GET a variant playlist with a token bound to the caller",
    need: "view",
    ok: 200,
    run: async (f, u) => {
      const path = `/videos/${f.lectureId}/playback/360p/index.m3u8`;
      if (!u) return status(path, null);
      return status(`${path}?token=${await boundToken(f, u)}`, null);
    },
  },
  {
    op: "get /videos/{id}/poster",
    name: "GET /videos/:id/poster",
    need: "view",
    ok: 302,
    run: (f, u) => status(`/videos/${f.lectureId}/poster`, u),
  },
  {
    op: "patch /videos/{id}",
    name: "PATCH /videos/:id (rename)",
    need: "manage",
    ok: 200,
    student: 403,
    run: (f, u) =>
      status(`/videos/${f.lectureId}`, u, { method: "PATCH", body: { title: "Lecture" } }),
  },
  {
    op: "delete /videos/{id}",
    name: "DELETE /videos/:id (a fresh lecture of the course)",
    need: "manage",
    ok: 204,
    student: 403,
    run: async (f, u) => {
      const { video } = await createVideo(users.owner, { courseId: f.courseId });
      return status(`/videos/${video.id}`, u, { method: "DELETE" });
    },
  },
  {
    op: "post /videos/{id}/attachments",
    name: "POST /videos/:id/attachments",
    need: "manage",
    ok: 201,
    student: 403,
    run: (f, u) =>
      status(`/videos/${f.lectureId}/attachments`, u, {
        body: { kind: "pdf", filename: "more.pdf", size: 100, contentType: "application/pdf" },
      }),
  },
  {
    op: "post /videos/{id}/attachments/{attachmentId}/complete",
    name: "POST /videos/:id/attachments/:aid/complete (already checked)",
    need: "manage",
    ok: 204,
    student: 403,
    run: (f, u) =>
      status(`/videos/${f.lectureId}/attachments/${f.attachmentId}/complete`, u, { body: {} }),
  },
  // The upload routes of a ready lecture: its managers get past the course check to the
  // state check (409), or to the idempotent answers of a completed upload (200).
  ...(
    [
      ["get /videos/{id}/upload/parts", "GET", "upload/parts", undefined, 409],
      ["post /videos/{id}/upload/parts", "POST", "upload/parts", { partNumbers: [1] }, 409],
      ["delete /videos/{id}/upload", "DELETE", "upload", undefined, 409],
      ["post /videos/{id}/upload/complete", "POST", "upload/complete", {}, 200],
      ["post /videos/{id}/upload/sign", "POST", "upload/sign", { method: "PUT" }, 409],
      ["post /videos/{id}/upload/s3/initiate", "POST", "upload/s3/initiate", {}, 409],
      ["post /videos/{id}/upload/s3/complete", "POST", "upload/s3/complete", { parts: [] }, 200],
    ] as const
  ).map(([op, method, path, body, ok]): RouteCase => ({
    op,
    name: `${method} /videos/:id/${path} (ready lecture)`,
    need: "manage",
    ok,
    student: 403,
    run: (f, u) => status(`/videos/${f.lectureId}/${path}`, u, { method, body }),
  })),
  {
    op: "delete /courses/{id}",
    name: "DELETE /courses/:id (a fresh empty course of the same kind)",
    need: "manage",
    ok: 204,
    coInstructor: 403,
    run: async (_f, u) => {
      const id = await setUpEmptyCourse(kindOf(_f));
      const answer = await status(`/courses/${id}`, u, { method: "DELETE" });
      if (answer !== 204) await services().courses.remove(id);
      return answer;
    },
  },
  {
    op: "delete /courses/{id}/students/{studentId}",
    name: "DELETE /courses/:id/students/:sid (a student enrolled for the purpose)",
    need: "manage",
    ok: 204,
    run: async (f, u) => {
      const studentId = crypto.randomUUID();
      await services().enrolments.enrol({
        _id: enrolmentId(f.courseId, studentId),
        courseId: f.courseId,
        studentId,
        inviteCode: null,
        enrolledAt: new Date().toISOString(),
      });
      const answer = await status(`/courses/${f.courseId}/students/${studentId}`, u, {
        method: "DELETE",
      });
      await services().enrolments.remove(f.courseId, studentId);
      return answer;
    },
  },
  {
    op: "post /courses/{id}/enrolment",
    name: "POST /courses/:id/enrolment (self-enrol)",
    need: "view",
    ok: 201,
    // Managers and the already enrolled: 200, nothing changes; others join a public published course only.
    want: (kind, actor, level) =>
      level === "manage"
        ? 200
        : kind === "public" && actor === "enrolledStudent"
          ? 200
          : kind === "public"
            ? 201
            : 404,
    run: async (f, u, actor) => {
      const answer = await status(`/courses/${f.courseId}/enrolment`, u, { method: "POST" });
      // Leave the fixture as it was for the other rows and actors.
      if (answer === 201 && actor !== "enrolledStudent")
        await services().enrolments.remove(f.courseId, u!.id);
      return answer;
    },
  },
  {
    op: "post /enrolments",
    name: "POST /enrolments {code} (a fresh invite; a draft's students wait for publishing)",
    need: "view",
    ok: 201,
    want: (_kind, actor, level) => (level === "manage" || actor === "enrolledStudent" ? 200 : 201),
    run: async (f, u, actor) => {
      const code = await inviteCode(users.owner, f.courseId);
      const answer = await status("/enrolments", u, { body: { code } });
      if (answer === 201 && actor !== "enrolledStudent")
        await services().enrolments.remove(f.courseId, u!.id);
      return answer;
    },
  },
  {
    op: "delete /courses/{id}/enrolment",
    name: "DELETE /courses/:id/enrolment (leave; the enrolled student rejoins after)",
    need: "view",
    ok: 204,
    want: (_kind, actor) => (actor === "enrolledStudent" ? 204 : 404),
    run: async (f, u, actor) => {
      const answer = await status(`/courses/${f.courseId}/enrolment`, u, { method: "DELETE" });
      if (answer === 204 && actor === "enrolledStudent")
        expect(await enrol(users.enrolledStudent, await inviteCode(users.owner, f.courseId))).toBe(
          201,
        );
      return answer;
    },
  },
  {
    op: "get /courses/{id}/co-instructors",
    name: "GET /courses/:id/co-instructors",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/co-instructors`, u),
  },
  {
    op: "post /courses/{id}/co-instructors",
    name: "POST /courses/:id/co-instructors (the one already there)",
    need: "manage",
    ok: 200,
    coInstructor: 403,
    run: (f, u) =>
      status(`/courses/${f.courseId}/co-instructors`, u, {
        body: { email: users.coInstructor.email },
      }),
  },
  {
    op: "delete /courses/{id}/co-instructors/{userId}",
    name: "DELETE /courses/:id/co-instructors/:uid (one added for the purpose)",
    need: "manage",
    ok: 204,
    coInstructor: 403,
    run: async (f, u) => {
      const extra = crypto.randomUUID();
      const courses = services().courses;
      await courses.update(f.courseId, { coInstructorIds: [users.coInstructor.id, extra] });
      const answer = await status(`/courses/${f.courseId}/co-instructors/${extra}`, u, {
        method: "DELETE",
      });
      await courses.update(f.courseId, { coInstructorIds: [users.coInstructor.id] });
      return answer;
    },
  },
];

/**
 * Operations with no course to decide on: the lists (checked below, by what they
 * list), creating a course, and the invite's public page and lookup.
 */
const NOT_COURSE_SCOPED = new Set([
  "get /courses",
  "post /courses",
  "get /videos",
  "get /invites/{code}",
  "get /join/{code}",
]);

const users = {} as Record<Exclude<Actor, "anonymous">, TestUser>;
const fixtures = {} as Record<Kind, Fixture>;

async function boundToken(f: Fixture, u: TestUser): Promise<string> {
  const role = (await services().users.findById(u.id))!.role;
  return issueViewerPlaybackToken(env.WEBHOOK_SECRET, f.lectureId, { id: u.id, role }, 60);
}

const kindOf = (f: Fixture) =>
  (Object.entries(fixtures) as Array<[Kind, Fixture]>).find(([, x]) => x === f)![0];

async function setUpEmptyCourse(kind: Kind): Promise<string> {
  const courseId = await createCourse(users.owner, {
    title: `${kind} course`,
    visibility: kind === "private" ? "private" : "public",
    published: kind !== "draft",
  });
  const added = await call(`/courses/${courseId}`, {
    method: "PATCH",
    token: users.owner.access,
    body: { coInstructorIds: [users.coInstructor.id] },
  });
  expect(added.status).toBe(200);
  return courseId;
}

async function setUpCourse(kind: Kind): Promise<Fixture> {
  const owner = users.owner;
  const courseId = await setUpEmptyCourse(kind);
  const lectureId = await readyLecture(owner, courseId);
  await putObject(
    `videos/${lectureId}/hls/360p/index.m3u8`,
    "#EXTM3U\n#EXTINF:4.0,\nseg_000.m4s\n#EXT-X-ENDLIST\n",
    "application/vnd.apple.mpegurl",
  );
  const pdf = new TextEncoder().encode("%PDF-1.4 slides".padEnd(100, " "));
  const attachment = await callJson<{
    attachment: { id: string };
    upload: { url: string; headers: Record<string, string> };
  }>(`/videos/${lectureId}/attachments`, {
    token: owner.access,
    body: { kind: "pdf", filename: "slides.pdf", size: pdf.length, contentType: "application/pdf" },
  });
  // Downloads serve only bytes that are what the type says (a PDF starts with %PDF-).
  const put = await fetch(attachment.body.upload.url, {
    method: "PUT",
    headers: attachment.body.upload.headers,
    body: pdf,
  });
  expect(put.ok).toBe(true);
  const file = await callJson<{ file: { id: string } }>(`/courses/${courseId}/files`, {
    token: owner.access,
    body: { kind: "pdf", filename: "syllabus.pdf", size: 100, contentType: "application/pdf" },
  });
  expect(await enrol(users.enrolledStudent, await inviteCode(owner, courseId))).toBe(201);
  return {
    courseId,
    lectureId,
    attachmentId: attachment.body.attachment.id,
    fileId: file.body.file.id,
  };
}

beforeAll(async () => {
  users.owner = await registerAndLogin("instructor");
  users.coInstructor = await registerAndLogin("instructor");
  users.otherInstructor = await registerAndLogin("instructor");
  users.enrolledStudent = await registerAndLogin("student");
  users.otherStudent = await registerAndLogin("student");
  users.admin = await registerAdmin();
  for (const kind of ["private", "public", "draft"] as const)
    fixtures[kind] = await setUpCourse(kind);
}, 60_000);

describe.each(["private", "public", "draft"] as const)("a %s course", (kind) => {
  it.each(ACTORS)("should answer %s exactly as the access rules say", async (actor) => {
    const fixture = fixtures[kind];
    const user = actor === "anonymous" ? null : users[actor];
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const route of ROUTES) {
      got[route.name] = await route.run(fixture, user, actor);
      if (actor === "anonymous") {
        want[route.name] = 401;
        continue;
      }
      want[route.name] = expected(route, kind, actor);
    }
    expect(got).toEqual(want);
  });
});

function expected(route: RouteCase, kind: Kind, actor: Exclude<Actor, "anonymous">): number {
  const level = EXPECTED[kind][actor];
  if (route.want) return route.want(kind, actor, level);
  const allowed = route.need === "manage" ? level === "manage" : level !== "none";
  const isStudent = actor === "enrolledStudent" || actor === "otherStudent";
  if (!allowed) return isStudent && route.student ? route.student : 404;
  return actor === "coInstructor" && route.coInstructor ? route.coInstructor : route.ok;
}

describe("the table itself", () => {
  it("should have a row for every operation of the API that names a course or a video", async () => {
    const doc = await callJson<{ paths: Record<string, Record<string, unknown>> }>("/openapi.json");
    const scoped = Object.entries(doc.body.paths)
      .filter(([path]) => /^\/(courses|videos|enrolments|invites|join)\b/.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .filter((op) => !NOT_COURSE_SCOPED.has(op));
    const covered = new Set(ROUTES.map((route) => route.op));
    expect(scoped.filter((op) => !covered.has(op))).toEqual([]);
    // And no row names an operation the API does not have.
    expect([...covered].filter((op) => !scoped.includes(op))).toEqual([]);
  });
});

describe("lists", () => {
  it("should list for a student only the published courses they are enrolled in, and their lectures", async () => {
    const student = users.enrolledStudent;
    const learning = await callJson<{ items: Array<{ id: string; access: string }> }>(
      "/courses?scope=learning",
      { token: student.access },
    );
    const ids = learning.body.items.map((course) => course.id);
    expect(ids).toContain(fixtures.private.courseId);
    expect(ids).toContain(fixtures.public.courseId);
    expect(ids).not.toContain(fixtures.draft.courseId);
    const videos = await callJson<{ items: Array<{ id: string }> }>("/videos?limit=100", {
      token: student.access,
    });
    const videoIds = videos.body.items.map((video) => video.id);
    expect(videoIds).toContain(fixtures.private.lectureId);
    expect(videoIds).not.toContain(fixtures.draft.lectureId);
    const stranger = await callJson<{ items: unknown[] }>("/videos?limit=100", {
      token: users.otherStudent.access,
    });
    expect(stranger.body.items).toEqual([]);
  });

  it("should list the teaching courses of a co-instructor, and not show viewers other people's ids", async () => {
    const teaching = await callJson<{ items: Array<{ id: string }> }>("/courses?scope=teaching", {
      token: users.coInstructor.access,
    });
    expect(teaching.body.items.map((course) => course.id).sort()).toEqual(
      Object.values(fixtures)
        .map((f) => f.courseId)
        .sort(),
    );
    const viewed = await callJson<{ course: Record<string, unknown> }>(
      `/courses/${fixtures.public.courseId}`,
      { token: users.otherStudent.access },
    );
    expect(viewed.body.course.access).toBe("view");
    expect(viewed.body.course).not.toHaveProperty("ownerId");
    expect(viewed.body.course).not.toHaveProperty("coInstructorIds");
    const catalog = await callJson<{ items: Array<{ id: string }> }>(
      "/courses?scope=catalog&limit=100",
      {
        token: users.otherStudent.access,
      },
    );
    const catalogIds = catalog.body.items.map((course) => course.id);
    expect(catalogIds).toContain(fixtures.public.courseId);
    expect(catalogIds).not.toContain(fixtures.draft.courseId);
    expect(catalogIds).not.toContain(fixtures.private.courseId);
  });
});
