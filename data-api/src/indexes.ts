import { z } from "zod";
import type { IndexSpec } from "./document-store.ts";

/** The indexes coursecast's edge relies on; created on start by both backends. */
export const COURSECAST_INDEXES: IndexSpec[] = [
  { database: "coursecast", collection: "users", fields: { email: 1 }, unique: true },
  { database: "coursecast", collection: "videos", fields: { ownerId: 1, createdAt: -1 } },
  { database: "coursecast", collection: "videos", fields: { state: 1, updatedAt: 1 } },
  // The sweeper's search for superseded renditions due for deletion.
  { database: "coursecast", collection: "videos", fields: { supersededDeleteAfter: 1 } },
];

export const IndexSpecList = z.array(
  z.strictObject({
    database: z.string().min(1),
    collection: z.string().min(1),
    fields: z
      .record(z.string().min(1), z.union([z.literal(1), z.literal(-1)]))
      .refine((fields) => Object.keys(fields).length > 0, "an index needs at least one field"),
    unique: z.boolean().optional(),
  }),
);

/** Reads a declarative index list such as `DATA_API_INDEXES`; throws a readable error. */
export function parseIndexSpecs(json: string): IndexSpec[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("DATA_API_INDEXES is not valid JSON");
  }
  const parsed = IndexSpecList.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `DATA_API_INDEXES is invalid at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
