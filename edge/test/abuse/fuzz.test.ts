import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call, registerAndLogin } from "../support/api.ts";
import { createVideo } from "../support/media.ts";

// Property: whatever JSON a client sends to any JSON endpoint, the edge answers with a
// 4xx (or success), never a 500. Small run counts keep the suite fast; the shapes cover
// wrong types, missing fields, huge numbers, deep nesting and unicode.
const RUNS = 25;

describe("validation fuzz", () => {
  it("should never answer 500 to arbitrary JSON bodies", async () => {
    const user = await registerAndLogin("instructor");
    const { video } = await createVideo(user, { size: 11 * 1024 * 1024, multipart: true });
    const targets: Array<{ method: string; path: string; token?: string }> = [
      { method: "POST", path: "/auth/register" },
      { method: "POST", path: "/auth/login" },
      { method: "POST", path: "/auth/refresh" },
      { method: "POST", path: "/videos", token: user.access },
      { method: "PATCH", path: `/videos/${video.id}`, token: user.access },
      { method: "POST", path: `/videos/${video.id}/upload/parts`, token: user.access },
      { method: "POST", path: `/videos/${video.id}/upload/complete`, token: user.access },
      { method: "POST", path: `/videos/${video.id}/upload/sign`, token: user.access },
      { method: "POST", path: `/videos/${video.id}/upload/s3/complete`, token: user.access },
      { method: "POST", path: `/videos/${video.id}/attachments`, token: user.access },
      { method: "POST", path: "/webhooks/transcoder" },
    ];
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            fc.object(),
            fc.record({
              email: fc.string(),
              password: fc.string(),
              size: fc.double(),
              partNumbers: fc.array(fc.integer()),
              // Lone UTF-16 surrogates: they once made playback and downloads answer 500.
              title: fc.string({
                unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
              }),
            }),
          ),
          async (body) => {
            const response = await call(target.path, {
              method: target.method,
              body,
              ...(target.token ? { token: target.token } : {}),
            });
            expect(
              response.status,
              `${target.method} ${target.path} ${JSON.stringify(body).slice(0, 200)}`,
            ).toBeLessThan(500);
          },
        ),
        { numRuns: RUNS },
      );
    }
  }, 120_000);

  it("should refuse malformed JSON and oversized bodies with 4xx", async () => {
    const user = await registerAndLogin("instructor");
    const { exports } = await import("cloudflare:workers");
    const send = (body: string) =>
      exports.default.fetch(
        new Request("http://edge.test/videos", {
          method: "POST",
          headers: { authorization: `Bearer ${user.access}`, "content-type": "application/json" },
          body,
        }),
      );
    expect((await send("{not json")).status).toBe(400);
    const huge = await send(JSON.stringify({ title: "x".repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it("should generate storage keys, never take them from file names", async () => {
    const user = await registerAndLogin("instructor");
    const created = await createVideo(user, { filename: "../../../etc/passwd.mp4", size: 100 });
    expect(created.upload.url).toContain(`/uploads/${created.video.id}/source`);
    expect(created.upload.url).not.toContain("passwd");
  });
});
