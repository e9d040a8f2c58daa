import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  allocateDevPorts,
  devNamespace,
  edgeApi,
  localStackDefaults,
  startDevStack,
  type DevStackProcess,
} from "@coursecast/dev";
import type { TranscodeJob } from "@coursecast/shared";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateClip } from "../support/generated-video.ts";

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
    const { queues } = devNamespace(dataDir, `${dataDir}.default`);
    const amqpUrl = localStackDefaults().rabbitmq.amqpUrl;
    const depth = async () => {
      const connection = await connect(amqpUrl);
      try {
        return (await (await connection.createChannel()).checkQueue(queues.queue)).messageCount;
      } finally {
        await connection.close();
      }
    };
    expect(await depth()).toBe(JOBS);

    await run("rabbitmqctl", ["stop_app"]);
    await run("rabbitmqctl", ["start_app"]);
    await run("rabbitmqctl", ["await_startup"]);

    const connection = await connect(amqpUrl);
    try {
      const channel = await connection.createChannel();
      const survived: TranscodeJob[] = [];
      for (let m = await channel.get(queues.queue); m; m = await channel.get(queues.queue)) {
        expect(m.properties.deliveryMode).toBe(2);
        survived.push(JSON.parse(m.content.toString()) as TranscodeJob);
        channel.ack(m);
      }
      expect(survived.map((job) => job.videoId).sort()).toEqual(videos.map((v) => v.id).sort());
    } finally {
      await connection.close();
    }
  });
});
