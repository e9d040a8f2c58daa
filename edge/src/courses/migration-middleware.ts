import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { migrateOnce } from "./migrate-unsorted.ts";

/**
 * Workers have no start-up hook: the first course-aware request of an isolate
 * checks the migration marker (one read) and runs the migration if needed.
 */
export function ensureCoursesMigrated(): MiddlewareHandler<AppEnv> {
  return async function ensureCoursesMigrated(c, next) {
    await migrateOnce(c.get("services"));
    await next();
  };
}
