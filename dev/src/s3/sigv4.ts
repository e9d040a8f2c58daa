import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { decodeComponent } from "./koa-context.ts";

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent plus !'()*. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();

export interface SignedRequestParts {
  method: string;
  /** The path as sent (percent-encoded), e.g. `/bucket/some%20key`. */
  rawPath: string;
  /** Query parameters as sent, decoded, without X-Amz-Signature. */
  query: Array<[string, string]>;
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  payloadHash: string;
}

/** S3 does not normalise paths: each segment is decoded and encoded once. */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => rfc3986(decodeComponent(segment)))
    .join("/");
}

export function canonicalRequest(parts: SignedRequestParts): string {
  const query = parts.query
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headerLines = parts.signedHeaders.map((name) => {
    const value = parts.headers[name];
    const text = Array.isArray(value) ? value.join(",") : (value ?? "");
    return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
  });
  return [
    parts.method,
    canonicalUri(parts.rawPath),
    query,
    headerLines.join(""),
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

export function expectedSignature(
  parts: SignedRequestParts,
  secret: string,
  amzDate: string,
  scope: { date: string; region: string; service: string },
): string {
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    sha256Hex(canonicalRequest(parts)),
  ].join("\n");
  return createHmac("sha256", signingKey(secret, scope.date, scope.region, scope.service))
    .update(stringToSign, "utf8")
    .digest("hex");
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `20260101T000000Z` → epoch milliseconds, or NaN. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
}
