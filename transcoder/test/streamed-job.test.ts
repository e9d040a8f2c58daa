import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { newRunId } from "@coursecast/dev/test-support";
import { DEFAULT_LADDER, type TranscodeJob, type WebhookEvent } from "@coursecast/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig, type WorkerConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { processJob } from "../src/pipeline/process-job.ts";
import { createS3 } from "../src/storage.ts";
import { WebhookClient } from "../src/webhook-client.ts";
import {
  auditStoredHls,
  listKeys,
  readBytes,
  readText,
  referencedUris,
  segmentDurations,
  type StorageAudit,
} from "./support/stored-hls.ts";
import { startStorageBed, type StorageBed } from "./support/test-bed.ts";

// Real ffmpeg on generated sources, the real S3 stand-in, processJob as the worker runs it.
const run = promisify(execFile);
const runId = newRunId();
const bucket = "media";
const credentials = { accessKeyId: "stream-test", secretAccessKey: "stream-test-secret" };
const secret = `whsec_${runId}_streamed`;
const FPS = 30;

let bed: StorageBed;
let config: WorkerConfig;
/** Storage as it was when each video's `playable` arrived (before it was answered). */
const atPlayable = new Map<string, { audit: StorageAudit; master: string | null }>();

/** An H.264 (or HEVC) source with keyframes every `gop` frames exactly, and a tone. */
async function makeSource(
  name: string,
  options: {
    seconds: number;
    gop: number;
    codec?: "libx264" | "libx265";
    size?: string;
    kbps?: number;
  },
) {
  const path = join(bed.dir, name);
  const codec = options.codec ?? "libx264";
  const kbps = options.kbps ?? 700;
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...[
      "-f",
      "lavfi",
      "-i",
      `testsrc2=s=${options.size ?? "854x480"}:r=${FPS}:d=${options.seconds}`,
    ],
    ...["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:d=${options.seconds}`],
    ...["-c:v", codec, "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...["-g", String(options.gop), "-keyint_min", String(options.gop)],
    ...(codec === "libx264"
      ? [
          "-sc_threshold",
          "0",
          "-b:v",
          `${kbps}k`,
          "-maxrate",
          `${kbps}k`,
          "-bufsize",
          `${kbps * 2}k`,
        ]
      : ["-x265-params", `log-level=error:scenecut=0`, "-tag:v", "hvc1"]),
    ...["-c:a", "aac", "-b:a", "96k", "-shortest", "-movflags", "+faststart", path],
  ]);
  return path;
}

async function submit(
  videoId: string,
  source: string,
  settings: Partial<typeof config> = {},
): Promise<TranscodeJob> {
  const key = `uploads/${videoId}/source`;
  const put = await bed.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(source) }),
  );
  const job: TranscodeJob = {
    jobId: `${videoId}.1`,
    videoId,
    attempt: 1,
    source: {
      bucket,
      key,
      size: (await readFile(source)).length,
      contentType: "video/mp4",
      ...(put.ETag ? { etag: put.ETag } : {}),
    },
    output: { bucket, prefix: `videos/${videoId}/` },
    ladder: DEFAULT_LADDER.filter((r) => r.height <= 480),
    webhookUrl: bed.hooks.url,
    requestedAt: new Date().toISOString(),
  };
  const logger = createLogger({ test: "streamed-job", videoId });
  const outcome = await processJob(job, {
    config: { ...config, ...settings },
    s3: createS3(config),
    webhooks: new WebhookClient({ secret, retryForMs: 20_000, logger }),
    logger,
    signal: new AbortController().signal,
  });
  expect(outcome).toBe("ready");
  return job;
}

function readyOf(videoId: string) {
  const [ready] = bed.hooks.accepted(videoId, "ready");
  if (ready?.type !== "ready") throw new Error(`no ready event for ${videoId}`);
  return ready;
}

/** Every variant playlist the final master lists, and the preview's if one was superseded. */
async function storedRungs(videoId: string): Promise<Map<string, number[]>> {
  const ready = readyOf(videoId);
  const rungs = new Map<string, number[]>();
  const keys = [
    ...ready.renditions.map((r) => r.playlistKey),
    ...ready.supersededPrefixes.map((p) => `${p}index.m3u8`),
  ];
  for (const key of keys) {
    const text = await readText(bed.s3, bucket, key);
    expect(text, key).toMatch(/#EXT-X-ENDLIST/);
    rungs.set(key, segmentDurations(text!));
  }
  return rungs;
}

/** First packet time of a stored rendition (init + first segment, probed together). */
async function firstPacketSeconds(playlistKey: string, stream: "a" | "v"): Promise<number> {
  const text = (await readText(bed.s3, bucket, playlistKey))!;
  const base = playlistKey.slice(0, playlistKey.lastIndexOf("/") + 1);
  const [init, first] = referencedUris(text);
  const path = join(bed.dir, `probe-${Math.random().toString(36).slice(2)}.mp4`);
  await writeFile(
    path,
    Buffer.concat([
      await readBytes(bed.s3, bucket, base + init),
      await readBytes(bed.s3, bucket, base + first),
    ]),
  );
  const { stdout } = await run("ffprobe", [
    ...["-v", "error", "-select_streams", `${stream}:0`, "-show_entries", "packet=pts_time"],
    ...["-read_intervals", "%+#1", "-of", "csv=p=0", path],
  ]);
  return Number(stdout.trim().split("\n")[0]);
}

function expectAligned(rungs: Map<string, number[]>, expected: number[]) {
  for (const [key, durations] of rungs) {
    expect(durations.length, key).toBe(expected.length);
    durations.forEach((d, i) =>
      expect(Math.abs(d - expected[i]!), `${key} #${i}`).toBeLessThanOrEqual(1 / FPS + 1e-3),
    );
  }
}

beforeAll(async () => {
  bed = await startStorageBed({ name: "streamed-job", bucket, credentials, secret });
  bed.hooks.inspectWith(async (event: WebhookEvent) => {
    if (event.type !== "playable") return;
    const prefix = `videos/${event.videoId}/`;
    // The master first: a fast ladder may be listed while the audit reads every playlist.
    const master = await readText(bed.s3, bucket, event.masterPlaylist);
    atPlayable.set(event.videoId, { master, audit: await auditStoredHls(bed.s3, bucket, prefix) });
  });
  config = loadWorkerConfig({ ...bed.env, TMP_DIR: bed.dir });
}, 60_000);

afterAll(async () => {
  await bed?.close();
});

describe("a streamed job", () => {
  it("should copy an 8 s GOP H.264 source as the first rung, cut at its keyframes, and align the ladder to it", async () => {
    const source = await makeSource("gop8.mp4", { seconds: 26, gop: 8 * FPS });
    await submit("v-gop8", source);
    const rungs = await storedRungs("v-gop8");
    expect(rungs.size).toBeGreaterThanOrEqual(2);
    expectAligned(rungs, [8, 8, 8, 2]);
    const ready = readyOf("v-gop8");
    const audioKey = "videos/v-gop8/hls/audio/index.m3u8";
    expect(await firstPacketSeconds(audioKey, "a")).toBeCloseTo(0, 3);
    for (const key of rungs.keys()) expect(await firstPacketSeconds(key, "v")).toBeCloseTo(0, 3);
    // The master is the VOD one: it lists the final ladder, every playlist ended.
    const master = (await readText(bed.s3, bucket, ready.outputs.masterPlaylist))!;
    expect(
      referencedUris(master).filter((u) => u.endsWith("index.m3u8") && u !== "audio/index.m3u8"),
    ).toEqual(ready.renditions.map((r) => r.playlistKey.replace("videos/v-gop8/hls/", "")));
    expect(master).toMatch(/AVERAGE-BANDWIDTH=/);
  }, 240_000);

  it("should copy a 1 s GOP H.264 source as the first rung on 2 s segments, the ladder aligned", async () => {
    const source = await makeSource("gop1.mp4", { seconds: 11, gop: FPS });
    await submit("v-gop1", source);
    expect(bed.hooks.accepted("v-gop1", "playable")).toHaveLength(1);
    expectAligned(await storedRungs("v-gop1"), [2, 2, 2, 2, 2, 1]);
  }, 240_000);

  it("should encode a fast low first rung from an HEVC source, listed as superseded, the ladder aligned", async () => {
    const source = await makeSource("hevc.mp4", { seconds: 9, gop: 5 * FPS, codec: "libx265" });
    // The preview at once, not only when the ladder has not got ahead by itself.
    await submit("v-hevc", source, { PREVIEW_AFTER_SECONDS: 0 });
    const ready = readyOf("v-hevc");
    expect(ready.supersededPrefixes).toEqual(["videos/v-hevc/hls/preview/"]);
    const playable = bed.hooks.accepted("v-hevc", "playable");
    expect(playable).toHaveLength(1);
    expect(playable[0]).toMatchObject({ renditions: [{ name: "preview", height: 360 }] });
    expectAligned(await storedRungs("v-hevc"), [2, 2, 2, 2, 1]);
  }, 240_000);

  it("should stop an encoded preview once the ladder is ahead, its playlist going on with the lowest rung's segments", async () => {
    // 80 s, so that the preview (read at 2× realtime) is still going when the ladder is
    // listed even on a loaded machine: with 40 s a clean-clone run's preview was done first.
    const source = await makeSource("handover.mp4", {
      seconds: 80,
      gop: 5 * FPS,
      codec: "libx265",
    });
    await submit("v-handover", source, { PREVIEW_AFTER_SECONDS: 0 });
    const ready = readyOf("v-handover");
    expect(ready.supersededPrefixes).toEqual(["videos/v-handover/hls/preview/"]);
    const previewKey = "videos/v-handover/hls/preview/index.m3u8";
    const preview = (await readText(bed.s3, bucket, previewKey))!;
    // The preview's own segments stop part-way (its decode of the source stopped there);
    // after one discontinuity the lowest ladder rung's segments, copied beside them, go on.
    const segments = referencedUris(preview).filter((u) => u.endsWith(".m4s"));
    const own = segments.filter((u) => !u.startsWith("ladder_"));
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(segments.length);
    expect(preview.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
    expect(preview).toMatch(/#EXT-X-MAP:URI="ladder_init[^"]*\.mp4"/);
    expect(preview).toMatch(/#EXT-X-ENDLIST/);
    expectAligned(await storedRungs("v-handover"), Array<number>(40).fill(2));
    const audit = await auditStoredHls(bed.s3, bucket, "videos/v-handover/");
    expect(audit.dangling).toEqual([]);
    // A player gets every frame of the 80 s through the preview playlist, across the handover.
    const local = join(bed.dir, "handover-preview");
    await mkdir(local, { recursive: true });
    await writeFile(join(local, "index.m3u8"), preview);
    for (const uri of referencedUris(preview))
      await writeFile(
        join(local, uri),
        await readBytes(bed.s3, bucket, `videos/v-handover/hls/preview/${uri}`),
      );
    const { stderr } = await run("ffmpeg", [
      ...["-hide_banner", "-nostats", "-allowed_extensions", "ALL"],
      ...["-i", join(local, "index.m3u8"), "-map", "0:v", "-f", "null", "-"],
    ]);
    expect(stderr).not.toMatch(/error/i);
    const { stdout } = await run("ffprobe", [
      ...["-v", "error", "-allowed_extensions", "ALL", "-select_streams", "v:0"],
      ...["-show_entries", "packet=pts_time", "-of", "csv=p=0", join(local, "index.m3u8")],
    ]);
    const frames = stdout.trim().split("\n").filter(Boolean).length;
    expect(Math.abs(frames - 80 * FPS)).toBeLessThanOrEqual(2);
  }, 240_000);

  it("should make an HEVC source playable on its ladder, with no preview, when the ladder keeps ahead of a viewer by itself", async () => {
    const source = await makeSource("hevc-fast-ladder.mp4", {
      seconds: 30,
      gop: 5 * FPS,
      codec: "libx265",
    });
    // A deadline no loaded machine misses: this ladder (480p and 360p) runs many times
    // faster than realtime, so it is ahead of a viewer within seconds.
    await submit("v-ladder-first", source, { PREVIEW_AFTER_SECONDS: 120 });
    const playable = bed.hooks.accepted("v-ladder-first", "playable");
    expect(playable).toHaveLength(1);
    expect(playable[0]).toMatchObject({
      renditions: [
        { name: "480p", height: 480 },
        { name: "360p", height: 360 },
      ],
    });
    const seen = atPlayable.get("v-ladder-first")!;
    expect(seen.audit.dangling).toEqual([]);
    expect(seen.master).not.toMatch(/preview/);
    expect(readyOf("v-ladder-first").supersededPrefixes).toEqual([]);
    const keys = await listKeys(bed.s3, bucket, "videos/v-ladder-first/");
    expect([...keys].filter((k) => k.includes("/preview/"))).toEqual([]);
    expectAligned(await storedRungs("v-ladder-first"), Array<number>(15).fill(2));
  }, 240_000);

  it("should make a copy playable as the preview while the analysis names it, then go on under the top rung's name too", async () => {
    const source = await makeSource("named-late.mp4", { seconds: 30, gop: 2 * FPS, kbps: 1300 });
    // The copy goes up as the preview at once (a long source's analysis takes seconds);
    // TOP_RUNG=copy then names it the top rung.
    await submit("v-named-late", source, { TOP_RUNG: "copy", COPY_WAITS_FOR_NAME_MS: 0 });
    const playable = bed.hooks.accepted("v-named-late", "playable");
    expect(playable).toHaveLength(1);
    expect(playable[0]).toMatchObject({ renditions: [{ name: "preview", height: 480 }] });
    const seen = atPlayable.get("v-named-late")!;
    expect(seen.audit.dangling).toEqual([]);
    const ready = readyOf("v-named-late");
    expect(ready.supersededPrefixes).toEqual(["videos/v-named-late/hls/preview/"]);
    expect(ready.renditions.map((r) => r.playlistKey)).toContain(
      "videos/v-named-late/hls/480p/index.m3u8",
    );
    // The preview's viewers play to the end; the top rung has every segment too.
    expectAligned(await storedRungs("v-named-late"), Array<number>(15).fill(2));
    const final = await auditStoredHls(bed.s3, bucket, "videos/v-named-late/");
    expect(final.dangling).toEqual([]);
  }, 240_000);

  it("should carry on to the end a copy's preview an earlier run of the job published, even when the copy is named at once", async () => {
    const source = await makeSource("rerun-preview.mp4", { seconds: 30, gop: 2 * FPS, kbps: 1300 });
    // What a worker killed after `playable` left: the copy's first segments as the preview.
    const prefix = "videos/v-rerun-preview/hls/preview/";
    const left = [
      ...["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0"],
      ...["#EXT-X-PLAYLIST-TYPE:EVENT", '#EXT-X-MAP:URI="init.mp4"'],
      ...["#EXTINF:2.000000,", "seg_00000.m4s", "#EXTINF:2.000000,", "seg_00001.m4s", ""],
    ].join("\n");
    for (const [key, body] of [
      ["index.m3u8", left],
      ["init.mp4", "left by the killed worker"],
      ["seg_00000.m4s", "left by the killed worker"],
      ["seg_00001.m4s", "left by the killed worker"],
    ] as const)
      await bed.s3.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: body }));
    // TOP_RUNG=copy names the copy the top rung at once: nothing else would write the preview.
    await submit("v-rerun-preview", source, { TOP_RUNG: "copy" });
    const preview = (await readText(bed.s3, bucket, `${prefix}index.m3u8`))!;
    expect(preview).toMatch(/#EXT-X-ENDLIST/);
    expect(segmentDurations(preview)).toHaveLength(15);
    expect(readyOf("v-rerun-preview").supersededPrefixes).toEqual([prefix]);
    const final = await auditStoredHls(bed.s3, bucket, "videos/v-rerun-preview/");
    expect(final.dangling).toEqual([]);
  }, 240_000);

  it("should send playable before ready, when storage holds every segment its playlists name and the master lists only the first rung", async () => {
    const source = await makeSource("long.mp4", { seconds: 40, gop: 2 * FPS, kbps: 1300 });
    // The copy whenever eligible: an encode of this source keeps 0.57–0.58 of its bits,
    // next to the analysis' 0.6 threshold (top-rung-choice.test.ts tests the decision).
    await submit("v-order", source, { TOP_RUNG: "copy" });
    const types = bed.hooks.received
      .filter((r) => r.event.videoId === "v-order" && r.event.type !== "progress")
      .map((r) => r.event.type);
    expect(types).toEqual(["playable", "ready"]);
    const seen = atPlayable.get("v-order")!;
    expect(seen.audit.dangling).toEqual([]);
    const listed = referencedUris(seen.master!).filter((u) => u !== "audio/index.m3u8");
    expect(listed).toHaveLength(1);
    // The first rung is the copied source (480p, the top rung): it is that rung, no preview.
    expect(listed).toEqual(["480p/index.m3u8"]);
    expect(seen.master).not.toMatch(/ENDLIST/);
    const firstRung = seen.audit.counts.get("videos/v-order/hls/480p/index.m3u8") ?? 0;
    expect(firstRung).toBeGreaterThanOrEqual(3);
    expect(readyOf("v-order").supersededPrefixes).toEqual([]);
    const keys = await listKeys(bed.s3, bucket, "videos/v-order/");
    expect([...keys].some((k) => k.includes("/preview/"))).toBe(false);
    const final = await auditStoredHls(bed.s3, bucket, "videos/v-order/");
    expect(final.dangling).toEqual([]);
  }, 240_000);
});
