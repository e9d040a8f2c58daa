/**
 * `Upstash-Encoding: base64`: every bulk string in a result (nested in arrays too)
 * is base64 of the bytes Redis holds, except the status reply "OK", which
 * @upstash/redis keeps as is. Numbers and nulls pass through.
 */
export function encodeBase64Result(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.equals(OK) ? "OK" : value.toString("base64");
  if (typeof value === "string")
    return value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map(encodeBase64Result);
  return value;
}

const OK = Buffer.from("OK");
