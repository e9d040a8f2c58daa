import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEV_UPSTASH_TOKEN, shimOptionsFromEnv } from "../src/upstash/env-config.ts";

const MAIN = fileURLToPath(new URL("../src/upstash/main.ts", import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Runs `node dev/src/upstash/main.ts` with only the given environment. Once it
 * says it listens, `whileListening` gets its URL; then it is stopped (SIGINT).
 */
function runMain(env: Record<string, string>, whileListening?: (url: string) => Promise<void>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? "", UPSTASH_PORT: "0", REDIS_URL, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let checked: Promise<void> = Promise.resolve();
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    const before = stdout;
    stdout += chunk.toString();
    const url = /"msg":"listening","url":"([^"]+)"/.exec(stdout)?.[1];
    if (url && !/"msg":"listening"/.test(before))
      checked = (whileListening?.(url) ?? Promise.resolve()).finally(() => child.kill("SIGINT"));
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      checked.then(() => resolve({ code, stdout, stderr }), reject);
    });
  });
}

const ping = (url: string, token: string) =>
  fetch(`${url}/ping`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe("the Upstash shim's settings from the environment", () => {
  it("should refuse to start outside development without UPSTASH_TOKEN", async () => {
    for (const NODE_ENV of ["production", ""]) {
      const run = await runMain(NODE_ENV ? { NODE_ENV } : {});
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain("listening");
      expect(run.stderr).toMatch(/UPSTASH_TOKEN/);
    }
  }, 40_000);

  it("should refuse the well-known development token outside development", async () => {
    const run = await runMain({ NODE_ENV: "production", UPSTASH_TOKEN: DEV_UPSTASH_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("listening");
    expect(run.stderr).toMatch(/development token/);
  }, 20_000);

  it("should fall back to the development token in development", async () => {
    const statuses: number[] = [];
    const run = await runMain({ NODE_ENV: "development" }, async (url) => {
      statuses.push(await ping(url, DEV_UPSTASH_TOKEN), await ping(url, "guess"));
    });
    expect(run.stdout).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+"/);
    expect(statuses).toEqual([200, 401]);
  }, 20_000);

  it("should serve the given token, and only it, outside development", async () => {
    const statuses: number[] = [];
    const run = await runMain(
      { NODE_ENV: "production", UPSTASH_TOKEN: "a-secret-token" },
      async (url) => {
        statuses.push(await ping(url, "a-secret-token"), await ping(url, DEV_UPSTASH_TOKEN));
      },
    );
    expect(run.stdout).toContain("listening");
    expect(statuses).toEqual([200, 401]);
  }, 20_000);

  it("should take the port and the Redis URL from the environment", () => {
    expect(
      shimOptionsFromEnv({
        UPSTASH_TOKEN: "a-secret-token",
        UPSTASH_PORT: "9079",
        REDIS_URL: "redis://redis.internal:6380",
      }),
    ).toEqual({ port: 9079, token: "a-secret-token", redisUrl: "redis://redis.internal:6380" });
    expect(shimOptionsFromEnv({ NODE_ENV: "development" })).toEqual({
      port: 8079,
      token: DEV_UPSTASH_TOKEN,
      redisUrl: "redis://127.0.0.1:6379",
    });
  });
});
