import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";

describe("GET /healthz", () => {
  it("should report every dependency up against the real stand-ins", async () => {
    const response = await exports.default.fetch("http://edge.test/healthz");
    const body = (await response.json()) as {
      status: string;
      dependencies: Record<string, { ok: boolean }>;
    };
    expect(body.dependencies).toMatchObject({
      redis: { ok: true },
      dataApi: { ok: true },
      s3: { ok: true },
      rabbitmq: { ok: true },
    });
    expect(body.status).toBe("ok");
    expect(response.status).toBe(200);
  });

  it("should not report ok when a dependency is unreachable", async () => {
    const app = createApp();
    // Port 1 on loopback refuses connections: the gateway is "down".
    const brokenEnv = { ...env, DATA_API_URL: "http://127.0.0.1:1" };
    const response = await app.fetch(new Request("http://edge.test/healthz"), brokenEnv);
    const body = (await response.json()) as {
      status: string;
      dependencies: Record<string, { ok: boolean; error?: string }>;
    };
    expect(response.status).toBe(503);
    expect(body.status).toBe("degraded");
    expect(body.dependencies.dataApi?.ok).toBe(false);
    expect(body.dependencies.redis?.ok).toBe(true);
  });
});
