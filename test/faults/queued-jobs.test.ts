import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { allocateDevPorts, edgeApi, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateClip, queueDepth, takeAllJobs } from "@coursecast/dev/test-support";

// The machine's real RabbitMQ stopped and started while jobs wait on the queue
// (`npm run dev` without transcoders, so nothing consumes them meanwhile).
const run = promisify(execFile);
const JOBS = 3;
let dir: string;
let dataDir: string;
let stack: DevStackProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coursecast-queued-"));
  dataDir = join(dir, "data");
  stack = await startDevStack(dataDir, await allocateDevPorts(), { DEV_TRANSCODERS: "0" });
});

afterAll(async () => {
  await run("rabbitmqctl", ["start_app"]).catch(() => undefined);
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("RabbitMQ restart with jobs on the queue", () => {
  it("should keep every queued job, persistent, across stop_app and start_app", async () => {
    const api = edgeApi(stack!.edgeUrl);
    const token = await api.instructorToken("queued");
    const clip = await generateClip(join(dir, "clip.mp4"), { seconds: 1, size: "320x180" });
    const videos = [];
    for (let i = 0; i < JOBS; i++) videos.push(await api.uploadVideo(token, clip, `Queued ${i}`));
    const { queues } = stack!.namespace;
    expect(await queueDepth(queues.queue)).toBe(JOBS);

    await run("rabbitmqctl", ["stop_app"]);
    await run("rabbitmqctl", ["start_app"]);
    await run("rabbitmqctl", ["await_startup"]);

    const survived = await takeAllJobs(queues.queue);
    expect(survived.every((j) => j.properties.deliveryMode === 2)).toBe(true);
    expect(survived.map((j) => j.job.videoId).sort()).toEqual(videos.map((v) => v.id).sort());
  });
});
