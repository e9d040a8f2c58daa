import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { createLogger } from "../log.ts";
import { migrateOnce } from "./migrate-unsorted.ts";

/**
 * How long a request waits for a migration still running. Requests may go on
 * without it: until a video is moved it has no course, and `courses/access.ts`
 * then lets its owner (and admins) alone near it, so nothing is shown too widely.
 */
export const MIGRATION_WAIT_MS = 2000;

/**
 * Workers have no start-up hook: the first course-aware request of an isolate
 * checks the migration marker (one read) and runs the migration if needed. A
 * failed run is tried again by the next request; a slow or failed one never
 * fails or holds the request for longer than MIGRATION_WAIT_MS.
 */
export function ensureCoursesMigrated(): MiddlewareHandler<AppEnv> {
  const log = createLogger({ component: "migration" });
  return async function ensureCoursesMigrated(c, next) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<"waiting">((resolve) => {
      timer = setTimeout(() => resolve("waiting"), MIGRATION_WAIT_MS);
    });
    try {
      const outcome = await Promise.race([migrateOnce(c.get("services")), waited]);
      if (outcome === "waiting") log.warn("migration still running; request goes on without it");
    } catch (err) {
      log.error("migration failed; the next request tries again", { err: String(err) });
    } finally {
      clearTimeout(timer);
    }
    await next();
  };
}
