/**
 * `Upstash-Encoding: base64`: every string in a result (nested in arrays too) is
 * base64 of its UTF-8 bytes, except the status reply "OK", which @upstash/redis
 * keeps as is. Numbers and nulls pass through.
 */
export function encodeBase64Result(value: unknown): unknown {
  if (typeof value === "string")
    return value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map(encodeBase64Result);
  return value;
}
