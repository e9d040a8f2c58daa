import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { issueViewerPlaybackToken } from "../../src/courses/viewer-playback-token.ts";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { services } from "../support/media.ts";
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
  name: string;
  need: "manage" | "view";
  ok: number;
  /** The status a student gets when a role check comes before the course check. */
  student?: number;
  run: (f: Fixture, user: TestUser | null, actor: Actor) => Promise<number>;
}

const token = (user: TestUser | null) => (user ? { token: user.access } : {});
const status = async (path: string, user: TestUser | null, init: Record<string, unknown> = {}) =>
  (await call(path, { ...token(user), ...init })).status;

const ROUTES: RouteCase[] = [
  {
    name: "GET /courses/:id",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}`, u),
  },
  {
    name: "GET /courses/:id/progress",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/progress`, u),
  },
  {
    name: "GET /videos/:id",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}`, u),
  },
  {
    name: "GET /videos/:id/playback",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/playback`, u),
  },
  {
    name: "GET master.m3u8 with a token bound to the caller",
    need: "view",
    ok: 200,
    run: async (f, u) => {
      if (!u) return status(`/videos/${f.lectureId}/playback/master.m3u8`, null);
      const role = (await services().users.findById(u.id))!.role;
      const playback = await issueViewerPlaybackToken(
        env.WEBHOOK_SECRET,
        f.lectureId,
        { id: u.id, role },
        60,
      );
      return status(`/videos/${f.lectureId}/playback/master.m3u8?token=${playback}`, null);
    },
  },
  {
    name: "GET /videos/:id/download",
    need: "view",
    ok: 302,
    run: (f, u) => status(`/videos/${f.lectureId}/download?format=mp4`, u),
  },
  {
    name: "GET /videos/:id/attachments/:aid",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/attachments/${f.attachmentId}?redirect=false`, u),
  },
  {
    name: "GET /courses/:id/files/:fid",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/files/${f.fileId}?redirect=false`, u),
  },
  {
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
    name: "GET /videos/:id/progress",
    need: "view",
    ok: 200,
    run: (f, u) => status(`/videos/${f.lectureId}/progress`, u),
  },
  {
    name: "PATCH /courses/:id",
    need: "manage",
    ok: 200,
    run: (f, u) =>
      status(`/courses/${f.courseId}`, u, { method: "PATCH", body: { description: "edited" } }),
  },
  {
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
    name: "POST /courses/:id/files",
    need: "manage",
    ok: 201,
    run: (f, u) =>
      status(`/courses/${f.courseId}/files`, u, {
        body: { kind: "pdf", filename: "notes.pdf", size: 100, contentType: "application/pdf" },
      }),
  },
  {
    name: "POST /courses/:id/invites",
    need: "manage",
    ok: 201,
    run: (f, u) => status(`/courses/${f.courseId}/invites`, u, { body: {} }),
  },
  {
    name: "GET /courses/:id/invites",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/invites`, u),
  },
  {
    name: "GET /courses/:id/students",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/students`, u),
  },
  {
    name: "GET /courses/:id/completions",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/completions`, u),
  },
  {
    name: "POST /courses/:id/lectures (its own lecture, in place)",
    need: "manage",
    ok: 200,
    run: (f, u) => status(`/courses/${f.courseId}/lectures`, u, { body: { videoId: f.lectureId } }),
  },
  {
    name: "DELETE /courses/:id/invites/:code",
    need: "manage",
    ok: 204,
    run: async (f, u) => {
      const code = await inviteCode(users.owner, f.courseId);
      return status(`/courses/${f.courseId}/invites/${code}`, u, { method: "DELETE" });
    },
  },
  {
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
];

const users = {} as Record<Exclude<Actor, "anonymous">, TestUser>;
const fixtures = {} as Record<Kind, Fixture>;

async function setUpCourse(kind: Kind): Promise<Fixture> {
  const owner = users.owner;
  const courseId = await createCourse(owner, {
    title: `${kind} course`,
    visibility: kind === "private" ? "private" : "public",
    published: kind !== "draft",
  });
  const added = await call(`/courses/${courseId}`, {
    method: "PATCH",
    token: owner.access,
    body: { coInstructorIds: [users.coInstructor.id] },
  });
  expect(added.status).toBe(200);
  const lectureId = await readyLecture(owner, courseId);
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
      const level = EXPECTED[kind][actor];
      const allowed = route.need === "manage" ? level === "manage" : level !== "none";
      const isStudent = actor === "enrolledStudent" || actor === "otherStudent";
      want[route.name] = allowed ? route.ok : isStudent && route.student ? route.student : 404;
    }
    expect(got).toEqual(want);
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
