import { z } from "zod";
import type { Doc } from "./document-store.ts";

// Bodies are parsed as canonical-capable EJSON (numbers arrive as Int32, Double
// or Long so that MongoDB stores the types the client meant); the few numbers
// the gateway itself reads are turned back into JS numbers here.
const BSON_NUMBERS = new Set(["Int32", "Double", "Long"]);
const bsonNumber = (schema: z.ZodNumber) =>
  z.preprocess(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      BSON_NUMBERS.has(String((value as { _bsontype?: unknown })._bsontype))
        ? Number(value)
        : value,
    schema,
  );

/** A JSON object (not an array, not a BSON value such as an ObjectId or a date). */
const Document = z.custom<Doc>((value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}, "expected a document (a JSON object)");

const Base = z.strictObject({
  dataSource: z.string().min(1),
  database: z.string().min(1),
  collection: z.string().min(1),
});
const Sort = z.record(z.string(), bsonNumber(z.number()).pipe(z.literal([1, -1])));
const Update = Document.refine(
  (update) => Object.keys(update).length > 0 && Object.keys(update).every((k) => k.startsWith("$")),
  "an update must use update operators such as $set",
);

const Replacement = Document.refine(
  (replacement) => Object.keys(replacement).every((k) => !k.startsWith("$")),
  "a replacement document must not contain update operators",
);

/** The request body of each Data API action, as Atlas documented them. */
export const ACTIONS = {
  findOne: Base.extend({ filter: Document.default({}), projection: Document.optional() }),
  find: Base.extend({
    filter: Document.default({}),
    projection: Document.optional(),
    sort: Sort.optional(),
    limit: bsonNumber(z.number().int().positive().max(50_000)).optional(),
    skip: bsonNumber(z.number().int().nonnegative()).optional(),
  }),
  insertOne: Base.extend({ document: Document }),
  insertMany: Base.extend({ documents: z.array(Document).min(1) }),
  updateOne: Base.extend({ filter: Document, update: Update, upsert: z.boolean().default(false) }),
  updateMany: Base.extend({ filter: Document, update: Update, upsert: z.boolean().default(false) }),
  replaceOne: Base.extend({
    filter: Document,
    replacement: Replacement,
    upsert: z.boolean().default(false),
  }),
  deleteOne: Base.extend({ filter: Document }),
  deleteMany: Base.extend({ filter: Document }),
  aggregate: Base.extend({ pipeline: z.array(Document) }),
} as const;

export type ActionName = keyof typeof ACTIONS;
export type ActionInput<A extends ActionName> = z.infer<(typeof ACTIONS)[A]>;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}
