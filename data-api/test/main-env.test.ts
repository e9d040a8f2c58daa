import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_API_KEY, gatewayOptionsFromEnv } from "../src/env-config.ts";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "data-api-env-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `node data-api/src/main.ts` with only the given environment; resolves on its first line or exit. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? "", DATA_API_PORT: "0", DATA_API_DIR: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.stdout.on("data", () => {
      if (stdout.includes("listening")) child.kill("SIGTERM");
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the gateway's settings from the environment", () => {
  it("should refuse to start outside development without DATA_API_KEYS", async () => {
    for (const NODE_ENV of ["production", ""]) {
      const run = await runMain(NODE_ENV ? { NODE_ENV } : {});
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain("listening");
      expect(run.stderr).toMatch(/DATA_API_KEYS/);
    }
  }, 40_000);

  it("should start with the development key only in development, and only on loopback", async () => {
    const run = await runMain({ NODE_ENV: "development" });
    expect(run.stdout).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+"/);
    expect(() =>
      gatewayOptionsFromEnv({ NODE_ENV: "development", DATA_API_HOST: "0.0.0.0" }, dir),
    ).toThrow(/loopback/);
  }, 20_000);

  it("should not accept the well-known development key in production", () => {
    expect(() =>
      gatewayOptionsFromEnv(
        { NODE_ENV: "production", DATA_API_KEYS: `real-key-1,${DEV_API_KEY}` },
        dir,
      ),
    ).toThrow(/development key/);
  });

  it("should take the keys, the host and the store from the environment", () => {
    const options = gatewayOptionsFromEnv(
      {
        NODE_ENV: "production",
        DATA_API_KEYS: " key-2026-11 , key-2026-05 ",
        DATA_API_HOST: "0.0.0.0",
        DATA_API_PORT: "9001",
        DATA_API_DIR: "/data",
      },
      dir,
    );
    expect(options).toMatchObject({
      apiKeys: ["key-2026-11", "key-2026-05"],
      host: "0.0.0.0",
      port: 9001,
      dataDir: "/data",
    });
    expect(gatewayOptionsFromEnv({ NODE_ENV: "development" }, dir)).toMatchObject({
      apiKeys: [DEV_API_KEY],
      host: "127.0.0.1",
      port: 8090,
      dataDir: join(dir, ".data", "data-api"),
    });
  });
});
