import { WEBHOOK } from "./constants.ts";
import { constantTimeEqual, hmacSha256Hex } from "./hmac.ts";

/** `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>` */
export async function signWebhook(
  secret: string,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return `t=${nowSeconds},v1=${await hmacSha256Hex(secret, `${nowSeconds}.${rawBody}`)}`;
}

export type WebhookVerdict =
  { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

function parseHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [name, value] = part.trim().split("=", 2);
    if (name === "t" && value && /^\d{1,12}$/.test(value)) t = Number(value);
    if (name === "v1" && value && /^[0-9a-f]{64}$/.test(value)) v1.push(value);
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/**
 * Checks a `Webhook-Signature` header. `secrets` may hold several secrets during a
 * rotation (the current one and the previous one): a signature by any of them passes.
 */
export async function verifyWebhook(
  secrets: string | readonly string[],
  rawBody: string,
  header: string | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = WEBHOOK.toleranceSeconds,
): Promise<WebhookVerdict> {
  const parsed = header ? parseHeader(header) : null;
  if (!parsed) return { ok: false, reason: "malformed" };
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return { ok: false, reason: "stale" };
  const expected = await Promise.all(
    (typeof secrets === "string" ? [secrets] : secrets).map((secret) =>
      hmacSha256Hex(secret, `${parsed.t}.${rawBody}`),
    ),
  );
  // Several v1 entries (a sender signing with two secrets) or several secrets here
  // (a receiver in a rotation): any match is enough.
  const match = parsed.v1.some((candidate) =>
    expected.some((mac) => constantTimeEqual(candidate, mac)),
  );
  return match ? { ok: true, timestamp: parsed.t } : { ok: false, reason: "mismatch" };
}
