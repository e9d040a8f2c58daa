import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/s3/main.ts", import.meta.url));
let dir: string;
let child: ChildProcess;
let started: { component: string; msg: string; url: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "s3-cli-"));
  child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      S3_PORT: "0",
      S3_DATA_DIR: dir,
      S3_BUCKET: "cli-bucket",
      CORS_ORIGINS: "http://a.test, http://b.test",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  started = JSON.parse(line) as typeof started;
});
afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("node dev/src/s3/main.ts", () => {
  it("should log one JSON line with its URL and serve the bucket with the default keys", async () => {
    expect(started).toMatchObject({ component: "s3", msg: "listening" });
    const aws = new AwsClient({
      accessKeyId: "coursecast",
      secretAccessKey: "coursecast-secret",
      service: "s3",
      region: "us-east-1",
    });
    const url = `${started.url}/cli-bucket/hello.txt`;
    expect((await aws.fetch(url, { method: "PUT", body: "from the cli" })).status).toBe(200);
    expect(await (await aws.fetch(url)).text()).toBe("from the cli");
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "http://b.test", "access-control-request-method": "PUT" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://b.test");
  });

  it("should exit cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
