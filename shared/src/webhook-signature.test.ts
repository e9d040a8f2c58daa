import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./webhook-signature.ts";

const secret = "whsec_test";
const body = JSON.stringify({ id: "evt_1", type: "progress" });

describe("webhook signature", () => {
  it("should verify a fresh signature", async () => {
    const header = await signWebhook(secret, body, 1_700_000_000);
    expect(await verifyWebhook(secret, body, header, 1_700_000_100)).toEqual({
      ok: true,
      timestamp: 1_700_000_000,
    });
  });

  it("should not verify a tampered body", async () => {
    const header = await signWebhook(secret, body, 1_700_000_000);
    const verdict = await verifyWebhook(secret, body + " ", header, 1_700_000_000);
    expect(verdict).toEqual({ ok: false, reason: "mismatch" });
  });

  it("should not verify another secret", async () => {
    const header = await signWebhook("other", body, 1_700_000_000);
    expect((await verifyWebhook(secret, body, header, 1_700_000_000)).ok).toBe(false);
  });

  it("should verify a signature by any secret of a rotation, and by no other", async () => {
    const header = await signWebhook("whsec_previous", body, 1_700_000_000);
    expect((await verifyWebhook([secret, "whsec_previous"], body, header, 1_700_000_000)).ok).toBe(
      true,
    );
    expect((await verifyWebhook([secret, "whsec_unrelated"], body, header, 1_700_000_000)).ok).toBe(
      false,
    );
  });

  it("should not verify a timestamp more than 5 minutes away", async () => {
    const header = await signWebhook(secret, body, 1_700_000_000);
    expect(await verifyWebhook(secret, body, header, 1_700_000_301)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect((await verifyWebhook(secret, body, header, 1_699_999_699)).ok).toBe(false);
  });

  it("should not verify a malformed or missing header", async () => {
    for (const header of [null, "", "t=abc,v1=00", "v1=" + "a".repeat(64)]) {
      expect(await verifyWebhook(secret, body, header, 1_700_000_000)).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });
});
