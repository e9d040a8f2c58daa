import { describe, expect, it } from "vitest";
import { call } from "../support/api.ts";

// The test Worker's CORS_ORIGINS is "http://console.test" (edge/test/global-setup.ts).
describe("CORS", () => {
  it("should allow a configured origin, with credentials", async () => {
    const response = await call("/auth/login", {
      method: "OPTIONS",
      headers: {
        origin: "http://console.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://console.test");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("should not allow any other origin", async () => {
    const preflight = await call("/auth/login", {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await call("/healthz", { headers: { origin: "https://evil.test" } });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
  });
});
