import { ObjectId } from "bson";
import type { Doc } from "./document-store.ts";
import { InvalidParameterError } from "./errors.ts";

/** Field operators nedb evaluates as MongoDB does ($eq, $ne and $nin are rewritten first). */
const FIELD_OPERATORS = new Set([
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$exists",
  "$regex",
  "$size",
  "$elemMatch",
]);
const TOP_LEVEL_OPERATORS = new Set(["$and", "$or"]);
/** MongoDB knows these; the embedded store does not run them. */
const MONGODB_ONLY = new Set([
  "$not",
  "$nor",
  "$all",
  "$mod",
  "$type",
  "$options",
  "$expr",
  "$text",
  "$where",
  "$jsonSchema",
  "$comment",
  "$bitsAllSet",
  "$bitsAnySet",
  "$bitsAllClear",
  "$bitsAnyClear",
  "$geoWithin",
  "$geoIntersects",
  "$near",
  "$nearSphere",
]);

export const isPlainObject = (value: unknown): value is Doc =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof ObjectId) &&
  !(value instanceof RegExp) &&
  !("_bsontype" in value);

function refuse(operator: string, topLevel: boolean): never {
  if (MONGODB_ONLY.has(operator))
    throw new InvalidParameterError(
      `query operator ${operator} is not supported by the embedded store`,
    );
  throw new InvalidParameterError(
    `(BadValue) unknown ${topLevel ? "top level " : ""}operator: ${operator}`,
  );
}

function checkCondition(condition: unknown): void {
  if (!isPlainObject(condition)) return;
  const keys = Object.keys(condition);
  // A plain sub-document is an equality match; operators may not be mixed with fields.
  if (!keys.some((key) => key.startsWith("$"))) return;
  for (const key of keys) {
    if (!FIELD_OPERATORS.has(key)) refuse(key, false);
    if (key === "$elemMatch") checkFilter(condition[key] as Doc);
  }
}

/**
 * Refuses what MongoDB refuses (an unknown operator is a 400 there, with or
 * without matching documents) and what the embedded store cannot run, before
 * nedb sees the filter: nedb only fails once a document reaches the unknown
 * operator, with a plain Error (a 500).
 */
export function checkFilter(filter: unknown): void {
  if (!isPlainObject(filter)) throw new InvalidParameterError("a filter must be a document");
  for (const [key, value] of Object.entries(filter)) {
    if (!key.startsWith("$")) {
      checkCondition(value);
      continue;
    }
    if (!TOP_LEVEL_OPERATORS.has(key)) refuse(key, true);
    if (!Array.isArray(value) || value.length === 0)
      throw new InvalidParameterError(`${key} must be a nonempty array`);
    value.forEach(checkFilter);
  }
}
