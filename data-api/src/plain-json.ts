import { EJSON } from "bson";

// Node 22 has JSON.rawJSON; TypeScript's ES2023 library does not declare it yet.
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function only(value: Record<string, unknown>, key: string): unknown {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key ? value[key] : undefined;
}

/** A number as JSON text: exact digits for an int64 that a double cannot hold. */
function jsonNumber(text: string): Json {
  const n = Number(text);
  if (!Number.isFinite(n)) return text; // NaN and ±Infinity have no JSON number
  return Number.isSafeInteger(n) || !/^-?\d+$/.test(text) ? n : (rawJSON(text) as Json);
}

/** One canonical EJSON wrapper (`{"$oid": …}`) as Atlas's plain JSON wrote it. */
function plainValue(value: Record<string, unknown>): Json | undefined {
  const oid = only(value, "$oid");
  if (typeof oid === "string") return oid;
  const date = only(value, "$date");
  if (isObject(date) && typeof date.$numberLong === "string")
    return new Date(Number(date.$numberLong)).toISOString();
  for (const wrapper of ["$numberInt", "$numberLong", "$numberDouble"]) {
    const n = only(value, wrapper);
    if (typeof n === "string") return jsonNumber(n);
  }
  const decimal = only(value, "$numberDecimal");
  if (typeof decimal === "string") return decimal;
  const binary = only(value, "$binary");
  if (isObject(binary) && typeof binary.base64 === "string") return binary.base64;
  return undefined;
}

function toPlain(value: unknown): Json {
  if (Array.isArray(value)) return value.map(toPlain);
  if (!isObject(value)) return value as Json;
  const plain = plainValue(value);
  if (plain !== undefined) return plain;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
}

/**
 * The JSON Atlas's Data API answered with `Accept: application/json`: ObjectIds
 * as hex strings, dates as ISO-8601 strings, int32/int64/double as numbers
 * (an int64 beyond 2^53 keeps its exact digits), Decimal128 as a string,
 * binary as base64. Types JSON cannot tell apart are lost: that is what
 * `application/ejson` is for.
 */
export function stringifyPlainJson(value: unknown): string {
  return JSON.stringify(toPlain(EJSON.serialize(value as object, { relaxed: false })));
}
