import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { isWellFormed } from "../domain/well-formed-text.ts";
import { errorBody } from "./error-response.ts";

/** The path of the first string (or key) that is not well-formed UTF-16, or null. */
function illFormedPath(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return isWellFormed(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = illFormedPath(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isWellFormed(key)) return path;
      const found = illFormedPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * A lone UTF-16 surrogate survives JSON.parse (`"\ud800"`) but breaks everything
 * downstream that encodes text (encodeURIComponent throws, TextEncoder replaces):
 * stored in a title, it made playback and downloads fail. Every JSON body is
 * checked before the route's own validation, and the field is named.
 */
export function wellFormedStrings(): MiddlewareHandler<AppEnv> {
  return async function wellFormedStrings(c, next) {
    if (!c.req.header("content-type")?.toLowerCase().includes("json")) return next();
    // Read as text (Hono caches it): signed webhooks verify these exact bytes later, and
    // malformed JSON is left to the route's validator (400 there).
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return next();
    }
    const path = illFormedPath(body);
    if (path) {
      const field = path.length ? path.join(".") : undefined;
      return c.json(
        errorBody(
          "validation_failed",
          `${field ?? "body"}: must be well-formed Unicode (no lone surrogates)`,
          field,
        ),
        400,
      );
    }
    return next();
  };
}
