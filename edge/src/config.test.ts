import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

describe("account settings", () => {
  it("should read REQUIRE_VERIFIED_UPLOADERS as true or false only", () => {
    expect(
      loadConfig({ ...env, REQUIRE_VERIFIED_UPLOADERS: "true" }).REQUIRE_VERIFIED_UPLOADERS,
    ).toBe(true);
    expect(
      loadConfig({ ...env, REQUIRE_VERIFIED_UPLOADERS: "false" }).REQUIRE_VERIFIED_UPLOADERS,
    ).toBe(false);
    expect(() => loadConfig({ ...env, REQUIRE_VERIFIED_UPLOADERS: "yes" })).toThrow(
      /REQUIRE_VERIFIED_UPLOADERS/,
    );
  });

  it("should keep link lifetimes at 24 hours and 30 minutes by default", () => {
    const config = loadConfig({ ...env });
    expect(config.EMAIL_VERIFICATION_TTL_SECONDS).toBe(24 * 3600);
    expect(config.PASSWORD_RESET_TTL_SECONDS).toBe(30 * 60);
  });

  it("should not send mail to an outbox that is not on this machine", () => {
    expect(() => loadConfig({ ...env, MAIL_OUTBOX_URL: "http://mail.example.com/" })).toThrow(
      /MAIL_OUTBOX_URL/,
    );
    expect(loadConfig({ ...env, MAIL_OUTBOX_URL: "http://127.0.0.1:8025" }).MAIL_OUTBOX_URL).toBe(
      "http://127.0.0.1:8025",
    );
  });
});
