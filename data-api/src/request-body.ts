import { EJSON } from "bson";
import { InvalidParameterError } from "./errors.ts";

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

/** Canonical EJSON when the client asks for `application/ejson`, relaxed (plain JSON where possible) otherwise, as Atlas answered. */
export function wantsCanonical(accept: string | undefined): boolean {
  return accept?.toLowerCase().includes("application/ejson") ?? false;
}

export function ejsonResponse(body: unknown, status: number, canonical: boolean): Response {
  return new Response(EJSON.stringify(body, { relaxed: !canonical }), {
    status,
    headers: { "content-type": canonical ? "application/ejson" : "application/json" },
  });
}
