import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  allocateDevPorts,
  edgeApi,
  localStackDefaults,
  startDevStack,
  type DevStackPorts,
  type DevStackProcess,
} from "@coursecast/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayAction } from "../support/gateway.ts";
import { generateClip, standInS3Client } from "@coursecast/dev/test-support";

// The real `npm run dev` entry point: stand-ins, `wrangler dev`, the transcoder worker.
describe("npm run dev", () => {
  let dataDir: string;
  let ports: DevStackPorts;
  let stack: DevStackProcess | undefined;
  const defaults = localStackDefaults();
  const key = `smoke/${crypto.randomUUID()}.txt`;
  const docId = crypto.randomUUID();

  const s3 = () =>
    standInS3Client({
      endpoint: `http://127.0.0.1:${ports.s3}`,
      region: defaults.s3.region,
      credentials: {
        accessKeyId: defaults.s3.accessKeyId,
        secretAccessKey: defaults.s3.secretAccessKey,
      },
    });
  const dataApi = (action: string, body: Record<string, unknown>) =>
    gatewayAction(ports.dataApi, "smoke", action, body);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coursecast-dev-"));
    ports = await allocateDevPorts();
    stack = await startDevStack(dataDir, ports);
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("should report every dependency up on /healthz", async () => {
    const response = await fetch(`${stack!.edgeUrl}/healthz`);
    const body = (await response.json()) as {
      status: string;
      dependencies: Record<string, { ok: boolean }>;
    };
    expect(body.status).toBe("ok");
    expect(Object.values(body.dependencies).every((d) => d.ok)).toBe(true);
    expect(response.status).toBe(200);
  });

  it("should take an upload to a ready video that streams and downloads", async () => {
    const edge = stack!.edgeUrl;
    const api = edgeApi(edge).call;
    const email = `e2e-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const password = "lecture hall 42!";
    expect(
      (
        await api("/auth/register", {
          method: "POST",
          body: JSON.stringify({ email, password, name: "E2E", role: "instructor" }),
        })
      ).status,
    ).toBe(202);
    const login = await api<{ access_token: string }>("/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    const token = login.body.access_token;

    const source = join(dataDir, "lecture.mp4");
    await generateClip(source, { seconds: 6 });
    const bytes = await readFile(source);
    const created = await api<{
      video: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>("/videos", {
      method: "POST",
      token,
      body: JSON.stringify({
        title: "E2E lecture",
        filename: "lecture.mp4",
        size: bytes.length,
        contentType: "video/mp4",
      }),
    });
    expect(created.status).toBe(201);
    const id = created.body.video.id;
    const put = await fetch(created.body.upload.url, {
      method: "PUT",
      body: bytes,
      headers: created.body.upload.headers,
    });
    expect(put.status).toBe(200);
    const completed = await api<{ video: { state: string } }>(`/videos/${id}/upload/complete`, {
      method: "POST",
      token,
      body: "{}",
    });
    expect(completed.body.video.state).toBe("queued");

    let state = "queued";
    const deadline = Date.now() + 120_000;
    while (state !== "ready" && state !== "failed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      state = (await api<{ video: { state: string } }>(`/videos/${id}`, { token })).body.video
        .state;
    }
    if (state !== "ready")
      console.log(
        "video did not become ready:",
        JSON.stringify((await api(`/videos/${id}`, { token })).body),
        stack!
          .output()
          .split("\n")
          .filter((l) => l.includes("transcoder"))
          .slice(-15)
          .join("\n"),
      );
    expect(state).toBe("ready");

    const links = await api<{ master: string; mp3: string }>(`/videos/${id}/playback`, { token });
    const master = await (await fetch(links.body.master)).text();
    const variant = master.split("\n").find((line) => line.startsWith("http"))!;
    const media = await (await fetch(variant)).text();
    const segment = media.split("\n").find((line) => line.startsWith("http"))!;
    const segmentResponse = await fetch(segment);
    expect(segmentResponse.status).toBe(200);
    expect((await segmentResponse.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const download = await api(`/videos/${id}/download?format=mp3`, { token });
    expect(download.status).toBe(302);
    const mp3 = await fetch(download.headers.get("location")!);
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    expect((await mp3.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    await expect(
      s3().send(new HeadObjectCommand({ Bucket: defaults.s3.bucket, Key: `uploads/${id}/source` })),
    ).rejects.toThrow();
  });

  it("should keep objects and gateway data across a Ctrl-C and restart", async () => {
    await s3().send(
      new PutObjectCommand({
        Bucket: defaults.s3.bucket,
        Key: key,
        Body: "kept",
        ContentType: "text/plain",
      }),
    );
    expect(
      (await dataApi("insertOne", { document: { _id: docId, note: "kept" } })).status,
    ).toBeLessThan(300);

    expect(await stack!.stop()).toBe(0);
    await expect(fetch(`${stack!.edgeUrl}/healthz`)).rejects.toThrow();
    stack = await startDevStack(dataDir, ports);

    const object = await s3().send(new GetObjectCommand({ Bucket: defaults.s3.bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe("kept");
    const found = (await (await dataApi("findOne", { filter: { _id: docId } })).json()) as {
      document: unknown;
    };
    expect(found.document).toEqual({ _id: docId, note: "kept" });
  });
});
