import { ObjectId } from "bson";
import { InvalidParameterError } from "./errors.ts";

// nedb stores JSON values and Dates. ObjectIds become strings with a sentinel
// prefix, in documents and filters alike, so that equality, $in and ordering on
// ObjectIds keep working; they turn back into ObjectIds on the way out.
const OID_PREFIX = "\u0001oid:";
const REGEX_FLAGS = new Set(["i", "m", "s", "u"]);

export type CodecContext = "document" | "query";

function bsonValue(value: { _bsontype: string }, context: CodecContext): unknown {
  switch (value._bsontype) {
    case "Int32":
    case "Double":
      return Number(value);
    case "Long": {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return n;
      throw new InvalidParameterError(
        `the embedded store keeps numbers as doubles: ${String(value)} would lose precision`,
      );
    }
    case "BSONRegExp": {
      const { pattern, options } = value as unknown as { pattern: string; options: string };
      if (context === "query" && [...options].every((flag) => REGEX_FLAGS.has(flag)))
        return new RegExp(pattern, options);
      throw new InvalidParameterError(
        context === "query"
          ? `regular expression options '${options}' are not supported by the embedded store`
          : "the embedded store cannot store regular expressions",
      );
    }
    default:
      throw new InvalidParameterError(
        `BSON type ${value._bsontype} is not supported by the embedded store`,
      );
  }
}

/** Turns a document or a query (as EJSON.parse made it) into what nedb stores and matches. */
export function toEmbedded(value: unknown, context: CodecContext): unknown {
  if (value instanceof ObjectId) return OID_PREFIX + value.toHexString();
  if (typeof value === "string" && value.startsWith(OID_PREFIX))
    throw new InvalidParameterError(
      "strings may not start with the embedded store's \\u0001oid: marker",
    );
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (value instanceof RegExp && context === "query") return value;
  if (Array.isArray(value)) return value.map((item) => toEmbedded(item, context));
  if ("_bsontype" in value) return bsonValue(value as { _bsontype: string }, context);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, toEmbedded(item, context)]),
  );
}

/** Turns a stored document back into BSON values (ObjectIds). */
export function fromEmbedded(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith(OID_PREFIX))
    return ObjectId.createFromHexString(value.slice(OID_PREFIX.length));
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(fromEmbedded);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromEmbedded(item)]));
}

export function newEmbeddedId(): string {
  return OID_PREFIX + new ObjectId().toHexString();
}
