import { EJSON } from "bson";
import { InvalidParameterError } from "./errors.ts";
import { stringifyPlainJson } from "./plain-json.ts";

const JSON_TYPES = new Set(["application/json", "application/ejson"]);

/**
 * Parses an action's body: JSON or Extended JSON (`$oid`, `$date`,
 * `$numberLong`…), as Atlas accepted with either content type. Parsed
 * non-relaxed so that `{"$numberLong": "5"}` stays an int64 for MongoDB.
 */
export function parseActionBody(contentType: string | undefined, text: string): unknown {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType || !JSON_TYPES.has(mediaType))
    throw new InvalidParameterError("Content-Type must be application/json or application/ejson");
  try {
    return EJSON.parse(text, { relaxed: false });
  } catch (err) {
    throw new InvalidParameterError("request body is not valid (Extended) JSON", { cause: err });
  }
}

export type ResponseFormat = "json" | "ejson";

const mediaTypes = (header: string | undefined) =>
  (header ?? "").split(",").map((part) => part.split(";")[0]!.trim().toLowerCase());

/**
 * As Atlas chose it: the `Accept` header names the format; without one, the
 * answer is in the request's own format. `application/ejson` is canonical
 * Extended JSON (every type kept); `application/json` is plain JSON (ids and
 * dates as strings, see plain-json.ts).
 */
export function responseFormat(
  accept: string | undefined,
  contentType: string | undefined,
): ResponseFormat {
  const accepted = mediaTypes(accept);
  if (accepted.includes("application/ejson")) return "ejson";
  if (accepted.includes("application/json")) return "json";
  return mediaTypes(contentType).includes("application/ejson") ? "ejson" : "json";
}

export function actionResponse(body: unknown, status: number, format: ResponseFormat): Response {
  const text =
    format === "ejson" ? EJSON.stringify(body, { relaxed: false }) : stringifyPlainJson(body);
  return new Response(text, {
    status,
    headers: { "content-type": format === "ejson" ? "application/ejson" : "application/json" },
  });
}
