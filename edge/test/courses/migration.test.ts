import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { getServices } from "../../src/services.ts";
import type { MigrationMarkers } from "../../src/ports/lecture-store.ts";
import { ORIGIN, randomIp, registerAndLogin } from "../support/api.ts";
import {
  migrateVideosIntoCourses,
  UNSORTED_MIGRATION,
} from "../../src/courses/migrate-unsorted.ts";
import { loadOutline } from "../../src/courses/course-outline.ts";
import { unsortedCourseId } from "../../src/courses/unsorted-course.ts";
import type { VideoRecord } from "../../src/domain/video.ts";
import { dataApi, services } from "../support/media.ts";

function legacyVideo(ownerId: string, title: string): VideoRecord {
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  return {
    _id: id,
    ownerId,
    title,
    description: "",
    state: "ready",
    progress: 100,
    upload: {
      type: "single",
      key: `uploads/${id}`,
      size: 10,
      contentType: "video/mp4",
      filename: "old.mp4",
      expiresAt: now,
    },
    jobAttempt: 1,
    attachments: [],
    notifications: [],
    appliedEventIds: [],
    createdAt: now,
    updatedAt: now,
  };
}

describe("moving videos that predate courses", () => {
  it("should move each owner's videos into their Unsorted course once, and do nothing the second time", async () => {
    const s = services();
    const alice = crypto.randomUUID();
    const bob = crypto.randomUUID();
    const videos = [legacyVideo(alice, "A1"), legacyVideo(alice, "A2"), legacyVideo(bob, "B1")];
    for (const video of videos) await s.videos.create(video);
    // As if this deployment had never run it.
    await dataApi().action("deleteOne", "migrations", { filter: { _id: UNSORTED_MIGRATION } });

    const report = await migrateVideosIntoCourses(s);
    expect(report.ran).toBe(true);
    expect(report.moved).toBeGreaterThanOrEqual(3);

    for (const [owner, titles] of [
      [alice, ["A1", "A2"]],
      [bob, ["B1"]],
    ] as const) {
      const course = await s.courses.get(await unsortedCourseId(owner));
      expect(course).toMatchObject({ ownerId: owner, unsorted: true, visibility: "private" });
      const listed = (await loadOutline(s, course!)).flatMap((section) => section.lectures);
      const expected = videos.filter((v) => v.ownerId === owner).map((v) => v._id);
      // Videos created in the same millisecond may be listed in either order.
      expect(listed.map((v) => v._id).sort()).toEqual([...expected].sort());
      const stored = await Promise.all(expected.map((id) => s.videos.get(id)));
      expect(stored.map((v) => [v!.title, v!.courseId])).toEqual(
        titles.map((title) => [title, course!._id]),
      );
    }

    const late = legacyVideo(alice, "after the marker");
    await s.videos.create(late);
    expect(await migrateVideosIntoCourses(s)).toEqual({ ran: false, moved: 0, owners: 0 });
    expect((await s.videos.get(late._id))!.courseId).toBeUndefined();
    await s.videos.remove(late._id);
  });
});

describe("the migration when storage fails", () => {
  /**
   * A Worker whose migration-marker store fails (or hangs) the way an unreachable
   * gateway would, while the rest of its storage is the real one: stopping the
   * shared gateway would break the other test runs, so the fault is injected here.
   */
  function workerWithMarkers(markers: MigrationMarkers) {
    const isolateEnv = { ...env };
    getServices(isolateEnv).migrations = markers;
    const app = createApp();
    return (path: string, token: string) =>
      app.fetch(
        new Request(`${ORIGIN}${path}`, {
          headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": randomIp() },
        }),
        isolateEnv,
      );
  }

  it("should still answer course and video routes, and try the migration again on the next request", async () => {
    const user = await registerAndLogin("instructor");
    const real = services().migrations;
    let reads = 0;
    const get = workerWithMarkers({
      has: async (name) => {
        reads += 1;
        if (reads === 1) throw new Error("gateway unreachable");
        return real.has(name);
      },
      set: (name, report) => real.set(name, report),
    });
    expect((await get("/courses", user.access)).status).toBe(200);
    expect((await get("/videos", user.access)).status).toBe(200);
    expect(reads).toBe(2);
    expect((await get("/courses", user.access)).status).toBe(200);
    // Once it succeeded it is not read again in this isolate.
    expect(reads).toBe(2);
  });

  it("should not hold requests while the migration hangs", async () => {
    const user = await registerAndLogin("instructor");
    const get = workerWithMarkers({
      has: () => new Promise<boolean>(() => undefined),
      set: () => Promise.resolve(),
    });
    // The vitest timeout is the bound: a request waiting on the migration never returns.
    expect((await get("/courses", user.access)).status).toBe(200);
    expect((await get("/videos", user.access)).status).toBe(200);
  }, 20_000);
});
