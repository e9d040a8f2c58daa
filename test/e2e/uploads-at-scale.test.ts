import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

const UPLOADS = 100;
const INSTRUCTORS = 2; // 50 each stays under the default upload limit (60 an hour per user).

// `npm run dev` without transcoders, so that every published job stays on the queue to be counted.
describe(`${UPLOADS} concurrent uploads`, () => {
  let dataDir: string;
  let stack: DevStackProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coursecast-scale-"));
    stack = await startDevStack(dataDir, await allocateDevPorts(), { DEV_TRANSCODERS: "0" });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("should end with every video queued and exactly one message per video", async () => {
    const api = edgeApi(stack!.edgeUrl);
    const clip = await generateClip(join(dataDir, "small.mp4"), { seconds: 1, size: "320x180" });
    const tokens = await Promise.all(
      Array.from({ length: INSTRUCTORS }, (_, i) => api.instructorToken(`scale${i}`)),
    );
    const videos = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) =>
        api.uploadVideo(tokens[i % INSTRUCTORS]!, clip, `Small upload ${i}`),
      ),
    );
    expect(videos.every((video) => video.state === "queued")).toBe(true);
    const ids = new Set(videos.map((video) => video.id));
    expect(ids.size).toBe(UPLOADS);

    // Still queued when read back, and listed under their owners.
    const listed = await Promise.all(
      tokens.map((token) =>
        api.call<{ items: Array<{ id: string; state: string }> }>("/videos?limit=100", { token }),
      ),
    );
    const listedVideos = listed.flatMap((response) => response.body.items);
    expect(
      listedVideos.filter((video) => ids.has(video.id) && video.state === "queued"),
    ).toHaveLength(UPLOADS);

    const { queues } = devNamespace(dataDir, `${dataDir}.default`);
    const connection = await connect(localStackDefaults().rabbitmq.amqpUrl);
    try {
      const channel = await connection.createChannel();
      expect((await channel.checkQueue(queues.queue)).messageCount).toBe(UPLOADS);
      const jobs: Array<{ messageId: string; job: TranscodeJob }> = [];
      for (
        let message = await channel.get(queues.queue);
        message;
        message = await channel.get(queues.queue)
      ) {
        jobs.push({
          messageId: String(message.properties.messageId),
          job: JSON.parse(message.content.toString()) as TranscodeJob,
        });
        channel.ack(message);
      }
      expect(jobs).toHaveLength(UPLOADS);
      expect(new Set(jobs.map((j) => j.messageId)).size).toBe(UPLOADS);
      expect(new Set(jobs.map((j) => j.job.videoId))).toEqual(ids);
      expect(jobs.every((j) => j.messageId === j.job.jobId && j.job.attempt === 1)).toBe(true);
    } finally {
      await connection.close();
    }
  }, 180_000);
});
