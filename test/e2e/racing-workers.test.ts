import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allocateDevPorts,
  edgeApi,
  localStackDefaults,
  startDevStack,
  type DevStackPorts,
  type DevStackProcess,
} from "@coursecast/dev";
import { DEFAULT_LADDER, videoOutputPrefix, type TranscodeJob } from "@coursecast/shared";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { gatewayAction } from "../support/gateway.ts";
import { generateClip } from "@coursecast/dev/test-support";

// Two transcoder workers under `npm run dev` both get the same job, as after a
// redelivery whose first worker was in fact still alive: the edge must take
// exactly one `ready`, and the outputs both workers wrote must form one whole video.
describe("two transcoders racing on one job", () => {
  const defaults = localStackDefaults();
  let dataDir: string;
  let ports: DevStackPorts;
  let stack: DevStackProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coursecast-race-"));
    ports = await allocateDevPorts();
    stack = await startDevStack(dataDir, ports, { DEV_TRANSCODERS: "2" });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const videoDocument = async (id: string) => {
    const response = await gatewayAction(ports.dataApi, "videos", "findOne", {
      filter: { _id: id },
    });
    return ((await response.json()) as { document: Record<string, unknown> }).document;
  };

  /** Publishes the job the edge published for this video a second time, as a redelivery. */
  const publishAgain = async (id: string) => {
    const video = (await videoDocument(id)) as {
      jobId: string;
      jobAttempt: number;
      upload: { key: string; size: number; contentType: string };
    };
    const job: TranscodeJob = {
      jobId: video.jobId,
      videoId: id,
      attempt: video.jobAttempt,
      source: { bucket: defaults.s3.bucket, ...video.upload },
      output: { bucket: defaults.s3.bucket, prefix: videoOutputPrefix(id) },
      ladder: [...DEFAULT_LADDER],
      webhookUrl: `${stack!.edgeUrl}/webhooks/transcoder`,
      requestedAt: new Date().toISOString(),
    };
    const { queues } = stack!.namespace;
    const connection = await connect(defaults.rabbitmq.amqpUrl);
    const channel = await connection.createConfirmChannel();
    channel.publish(queues.exchange, queues.routingKey, Buffer.from(JSON.stringify(job)), {
      persistent: true,
      messageId: job.jobId,
      contentType: "application/json",
    });
    await channel.waitForConfirms();
    await connection.close();
    return job.jobId;
  };

  const transcoderTemp = () => readdir(join(dataDir, "transcoder-tmp")).catch(() => []);

  it("should land exactly one ready, with complete outputs and no temp files left", async () => {
    const api = edgeApi(stack!.edgeUrl);
    const token = await api.instructorToken("race");
    const clip = await generateClip(join(dataDir, "race.mp4"), { seconds: 8, size: "1280x720" });
    const video = await api.uploadVideo(token, clip, "Raced lecture");
    expect(video.state).toBe("queued");
    const jobId = await publishAgain(video.id);

    expect(await api.settledState(token, video.id)).toBe("ready");
    // Both workers took the job: the race really happened.
    const started = () =>
      stack!
        .output()
        .split("\n")
        .filter((line) => line.includes('"job started"') && line.includes(jobId))
        .map((line) => line.split("|")[0]!.trim());
    expect(new Set(started())).toEqual(new Set(["transcoder-1", "transcoder-2"]));

    // Wait for the slower worker to finish too, then look at what is left.
    const finished = () =>
      stack!
        .output()
        .split("\n")
        .filter(
          (line) =>
            line.includes(jobId) &&
            (line.includes('"job finished"') || line.includes("video deleted meanwhile")),
        ).length;
    const deadline = Date.now() + 120_000;
    while (finished() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(finished()).toBe(2);
    expect(await transcoderTemp()).toEqual([]);

    const stored = (await videoDocument(video.id)) as {
      state: string;
      notifications: Array<{ type: string }>;
    };
    expect(stored.state).toBe("ready");
    expect(stored.notifications.filter((n) => n.type === "ready")).toHaveLength(1);

    // Every variant and every segment the master playlist leads to can be fetched.
    const links = await api.call<{ master: string }>(`/videos/${video.id}/playback`, { token });
    const master = await (await fetch(links.body.master)).text();
    const variants = master.split("\n").filter((line) => line.startsWith("http"));
    expect(variants.length).toBeGreaterThanOrEqual(3);
    for (const variant of variants) {
      const playlist = await (await fetch(variant)).text();
      expect(playlist).toContain("#EXT-X-ENDLIST");
      const uris = [
        ...[...playlist.matchAll(/URI="(http[^"]+)"/g)].map((m) => m[1]!),
        ...playlist.split("\n").filter((line) => line.startsWith("http")),
      ];
      expect(uris.length).toBeGreaterThanOrEqual(2);
      for (const uri of uris) {
        const response = await fetch(uri);
        expect(response.status).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    }
  }, 240_000);
});
