import { AppError } from "../errors.ts";
import type { PageCursor } from "../ports/course-store.ts";

export function encodeCursor(cursor: PageCursor): string {
  return btoa(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).replace(/=+$/, "");
}

export function decodeCursor(cursor: string): PageCursor {
  try {
    const { c, i } = JSON.parse(atob(cursor)) as { c: unknown; i: unknown };
    if (typeof c === "string" && typeof i === "string") return { createdAt: c, id: i };
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "cursor: not a cursor this API returned", {
    field: "cursor",
  });
}
