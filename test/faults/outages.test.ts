import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";

// Real outages of the machine's Redis and RabbitMQ under a running `npm run dev` stack.
const run = promisify(execFile);
const sh = (command: string) => run("bash", ["-c", command]);
let dir: string;
let stack: DevStackProcess | undefined;
let token: string;

async function api(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${stack!.edgeUrl}${path}`, { ...init, headers });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const redisUp =
  "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coursecast-faults-"));
  stack = await startDevStack(join(dir, "data"), await allocateDevPorts());
  const email = `faults-${crypto.randomUUID().slice(0, 6)}@example.test`;
  await api("/auth/register", {
    method: "POST",
    body: JSON.stringify({ email, password: "fault tolerant 1", name: "F", role: "instructor" }),
  });
  const login = (await (
    await api("/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password: "fault tolerant 1" }),
    })
  ).json()) as { access_token: string };
  token = login.access_token;
});

afterAll(async () => {
  // Whatever happened, leave the services running.
  await sh("redis-cli ping || " + redisUp).catch(() => undefined);
  await sh("rabbitmqctl start_app").catch(() => undefined);
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("Redis outage", () => {
  it("should fail authenticated requests closed with 503 and recover by itself", async () => {
    expect((await api("/auth/me")).status).toBe(200);
    await sh("redis-cli shutdown nosave").catch(() => undefined);
    const during = await api("/auth/me");
    expect(during.status).toBe(503);
    expect(((await during.json()) as { error: { code: string } }).error.code).toBe(
      "dependency_unavailable",
    );
    await sh(redisUp);
    await waitFor(async () => (await api("/auth/me")).status === 200, 30_000, "auth to recover");
  });
});

describe("RabbitMQ outage", () => {
  it("should answer 503 for publishes while the broker is down, lose nothing, and finish after it returns", async () => {
    const clip = await generateClip(join(dir, "clip.mp4"), { seconds: 4 });
    const bytes = await readFile(clip);
    const created = (await (
      await api("/videos", {
        method: "POST",
        body: JSON.stringify({
          title: "Outage",
          filename: "clip.mp4",
          size: bytes.length,
          contentType: "video/mp4",
        }),
      })
    ).json()) as {
      video: { id: string };
      upload: { url: string; headers: Record<string, string> };
    };
    expect(
      (
        await fetch(created.upload.url, {
          method: "PUT",
          body: bytes,
          headers: created.upload.headers,
        })
      ).status,
    ).toBe(200);

    await sh("rabbitmqctl stop_app");
    const during = await api(`/videos/${created.video.id}/upload/complete`, {
      method: "POST",
      body: "{}",
    });
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBeTruthy();
    const meanwhile = (await (await api(`/videos/${created.video.id}`)).json()) as {
      video: { state: string };
    };
    expect(meanwhile.video.state).toBe("uploaded");

    await sh("rabbitmqctl start_app && rabbitmqctl await_startup");
    await waitFor(
      async () =>
        (await api(`/videos/${created.video.id}/upload/complete`, { method: "POST", body: "{}" }))
          .status === 200,
      60_000,
      "publish to succeed",
    );
    // The worker reconnects with backoff and finishes the job.
    await waitFor(
      async () =>
        ((await (await api(`/videos/${created.video.id}`)).json()) as { video: { state: string } })
          .video.state === "ready",
      120_000,
      "the video to be ready",
    );
  });
});
