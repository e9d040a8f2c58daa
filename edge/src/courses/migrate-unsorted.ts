import { createLogger } from "../log.ts";
import type { Services } from "../ports/services.ts";
import { ensureUnsortedCourse } from "./unsorted-course.ts";

export const UNSORTED_MIGRATION = "2026-11-videos-into-unsorted-courses";
const BATCH = 200;

export interface MigrationReport {
  ran: boolean;
  moved: number;
  owners: number;
}

/**
 * Moves every video that predates courses into its owner's Unsorted course,
 * once: a marker in the store records that it ran. Safe to run twice at the
 * same time (each move is conditional on the video still having no course).
 */
export async function migrateVideosIntoCourses(services: Services): Promise<MigrationReport> {
  if (await services.migrations.has(UNSORTED_MIGRATION)) return { ran: false, moved: 0, owners: 0 };
  const owners = new Set<string>();
  let moved = 0;
  for (;;) {
    const videos = await services.lectures.listWithoutCourse(BATCH);
    if (videos.length === 0) break;
    const byOwner = new Map<string, string[]>();
    for (const video of videos)
      byOwner.set(video.ownerId, [...(byOwner.get(video.ownerId) ?? []), video._id]);
    let movedThisBatch = 0;
    for (const [ownerId, ids] of byOwner) {
      const course = await ensureUnsortedCourse(services, ownerId);
      movedThisBatch += await services.lectures.assignCourse(ids, course._id);
      owners.add(ownerId);
    }
    moved += movedThisBatch;
    // Another run moved them first: nothing left for this one.
    if (movedThisBatch === 0) break;
  }
  await services.migrations.set(UNSORTED_MIGRATION, { moved, owners: owners.size });
  createLogger({ component: "migration" }).info("videos moved into Unsorted courses", {
    moved,
    owners: owners.size,
  });
  return { ran: true, moved, owners: owners.size };
}

const started = new WeakMap<Services, Promise<unknown>>();

/** Runs the migration at most once per isolate, before the first course-aware request. */
export function migrateOnce(services: Services): Promise<unknown> {
  let run = started.get(services);
  if (!run) {
    run = migrateVideosIntoCourses(services).catch((err: unknown) => {
      // Try again on the next request rather than never.
      started.delete(services);
      throw err;
    });
    started.set(services, run);
  }
  return run;
}
