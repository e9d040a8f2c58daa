import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, registerAndLogin } from "../support/api.ts";

const storageOrigin = () => new URL((env as unknown as { S3_ENDPOINT: string }).S3_ENDPOINT).origin;

function expectHardened(response: Response, what: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
}

describe("security headers", () => {
  it("should send a CSP for the console allowing only itself and the storage origin for media", async () => {
    const page = await call("/");
    expect(page.status).toBe(200);
    expectHardened(page, "console");
    const csp = page.headers.get("content-security-policy")!;
    for (const directive of ["media-src", "connect-src", "img-src"])
      expect(csp).toMatch(
        new RegExp(`${directive} [^;]*${storageOrigin().replace(/[.:/]/g, "\\$&")}`),
      );
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("object-src 'none'");
  });

  it("should harden API responses, errors included", async () => {
    expectHardened(await call("/healthz"), "healthz");
    expectHardened(await call("/videos"), "401");
    expectHardened(await call("/no/such/route", { method: "POST", body: {} }), "404");
  });

  it("should send HSTS only when the Worker is served over HTTPS (production)", async () => {
    expect((await call("/healthz")).headers.get("strict-transport-security")).toBeNull();
    const https = await call("/healthz", {
      envOverrides: { PUBLIC_URL: "https://coursecast.example.com" },
    });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });

  it("should forbid caching of every token response and of /auth/me", async () => {
    const user = await registerAndLogin("student");
    const responses = {
      login: await call("/auth/login", { body: { email: user.email, password: user.password } }),
      refresh: await call("/auth/refresh", { body: { refresh_token: user.refresh } }),
      me: await call("/auth/me", { token: user.access }),
    };
    for (const [name, response] of Object.entries(responses)) {
      expect(response.status, name).toBe(200);
      expect(response.headers.get("cache-control"), name).toBe("no-store");
    }
  }, 30_000);
});

describe("/docs", () => {
  it("should load a pinned API reference bundle from the Worker's own assets, not a CDN", async () => {
    const docs = await call("/docs");
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"' ]*\.js/);
    expect(html).not.toContain("cdn.jsdelivr.net");
    const src = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(src).toMatch(/^\/assets\//);
    const bundle = await call(src!);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    // Inline scripts on the page carry the CSP nonce; nothing else may run.
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(
      docs.headers.get("content-security-policy") ?? "",
    )?.[1];
    expect(nonce).toBeTruthy();
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });
});
