import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allocateDevPorts, edgeApi, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { generateClip, queueDepth, takeAllJobs } from "@coursecast/dev/test-support";

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

    const { queues } = stack!.namespace;
    expect(await queueDepth(queues.queue)).toBe(UPLOADS);
    const jobs = await takeAllJobs(queues.queue);
    const messageIds = jobs.map((j) => String(j.properties.messageId));
    expect(jobs).toHaveLength(UPLOADS);
    expect(new Set(messageIds).size).toBe(UPLOADS);
    expect(new Set(jobs.map((j) => j.job.videoId))).toEqual(ids);
    expect(jobs.every((j, n) => messageIds[n] === j.job.jobId && j.job.attempt === 1)).toBe(true);
  }, 180_000);
});
