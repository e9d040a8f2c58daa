import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Browser, Page } from "playwright-core";
import { WEBHOOK, signWebhook } from "@coursecast/shared";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";
import { devStackS3Client } from "../support/dev-stack.ts";

// A video watched in the console while it is still processing (issue 15). No transcoder
// runs (DEV_TRANSCODERS=0): the test plays its part, writing a growing EVENT playlist of
// real fMP4 segments to the S3 stand-in and sending signed `playable`, then `ready`
// events, so that what the edge and the console do is checked on its own. The real
// transcoder's side is the lead's end-to-end test.

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
const PLAYLIST = "application/vnd.apple.mpegurl";
const SEGMENT_SECONDS = 2;
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let s3: S3Client;
let secret: string;
const pageLog: string[] = [];

/** The stack's webhook secret, as `npm run dev` generated it into edge/.dev.vars. */
async function webhookSecret(): Promise<string> {
  const vars = await readFile(join(REPO, "edge", ".dev.vars"), "utf8");
  return /^WEBHOOK_SECRET='([^']+)'$/m.exec(vars)![1]!;
}

async function put(key: string, body: string | Uint8Array, contentType: string) {
  await s3.send(
    new PutObjectCommand({ Bucket: "coursecast", Key: key, Body: body, ContentType: contentType }),
  );
}

async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(stack!.edgeUrl + path, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function postEvent(event: Record<string, unknown>) {
  const raw = JSON.stringify({
    id: crypto.randomUUID(),
    occurredAt: new Date().toISOString(),
    ...event,
  });
  const response = await fetch(stack!.edgeUrl + WEBHOOK.path, {
    method: "POST",
    headers: {
      "webhook-signature": await signWebhook(secret, raw),
      "content-type": "application/json",
    },
    body: raw,
  });
  expect(response.status).toBe(200);
}

/** An fMP4 HLS rung of the clip, cut every 2 s: its VOD playlist and its files. */
async function hlsRung(clip: string, dir: string) {
  await mkdir(dir, { recursive: true });
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-c", "copy"],
    ...["-f", "hls", "-hls_time", String(SEGMENT_SECONDS), "-hls_segment_type", "fmp4"],
    ...["-hls_fmp4_init_filename", "init.mp4", "-hls_playlist_type", "vod"],
    ...["-hls_segment_filename", join(dir, "seg_%05d.m4s"), join(dir, "index.m3u8")],
  ]);
  const vod = await readFile(join(dir, "index.m3u8"), "utf8");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".m4s") || f === "init.mp4");
  return { vod, files, dir };
}

/** The VOD playlist as the transcoder writes it while processing: EVENT, first `n` segments. */
function growing(vod: string, n: number): string {
  const lines = vod.replace("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-PLAYLIST-TYPE:EVENT").split("\n");
  const out: string[] = [];
  let segments = 0;
  for (const line of lines) {
    if (line.startsWith("#EXT-X-ENDLIST")) break;
    if (line.startsWith("#EXTINF") && segments === n) break;
    out.push(line);
    if (line !== "" && !line.startsWith("#")) segments++;
  }
  return `${out.join("\n")}\n`;
}

const master = (rung: string) =>
  `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=640x360,CODECS="avc1.42c01e,mp4a.40.2"\n${rung}/index.m3u8\n`;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-playable-"));
  stack = await startDevStack(dataDir, await allocateDevPorts(), { DEV_TRANSCODERS: "0" });
  secret = await webhookSecret();
  s3 = devStackS3Client(stack);
  browser = await launchChromium();
}, 180_000);

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

/** An instructor registered through the console in a page of their own (signed in), and their token. */
async function instructorInConsole(): Promise<string> {
  const previous = page as Page | undefined;
  await previous?.context().close();
  const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  recordPageLog(page, pageLog);
  const email = `ada-${crypto.randomUUID().slice(0, 6)}@example.test`;
  await page.goto(stack!.edgeUrl);
  await registerInConsole(page, {
    name: "Ada",
    email,
    password: "a very long passphrase",
    role: "instructor",
  });
  await page.getByRole("heading", { name: "Upload" }).waitFor();
  const { access_token: token } = await api<{ access_token: string }>("/auth/login", null, {
    email,
    password: "a very long passphrase",
  });
  return token;
}

/**
 * A video uploaded by the instructor whose first `listed` segments of the copied rung
 * are stored and listed in a growing playlist, with the `playable` event sent.
 */
async function playableVideo(
  token: string,
  title: string,
  clip: string,
  copy: { vod: string; files: string[]; dir: string },
  listed: number,
) {
  const source = await readFile(clip);
  const created = await api<{
    video: { id: string };
    upload: { url: string; headers: Record<string, string> };
  }>("/videos", token, {
    title,
    filename: "lecture.mp4",
    size: source.length,
    contentType: "video/mp4",
  });
  const id = created.video.id;
  const uploaded = await fetch(created.upload.url, {
    method: "PUT",
    headers: created.upload.headers,
    body: source,
  });
  expect(uploaded.ok).toBe(true);
  await api(`/videos/${id}/upload/complete`, token, {});

  // The transcoder's part: the first segments of a growing rung, then `playable`.
  const hls = `videos/${id}/hls/`;
  for (const file of copy.files)
    await put(`${hls}copy/${file}`, await readFile(join(copy.dir, file)), "video/mp4");
  await put(`${hls}copy/index.m3u8`, growing(copy.vod, listed), PLAYLIST);
  await put(`${hls}master.m3u8`, master("copy"), PLAYLIST);
  const base = { jobId: `${id}.1`, videoId: id };
  await postEvent({
    ...base,
    type: "playable",
    masterPlaylist: `${hls}master.m3u8`,
    durationSeconds: 30,
    width: 640,
    height: 360,
    renditions: [{ name: "copy", width: 640, height: 360 }],
  });
  return { id, hls, base, source };
}

/** The transcoder's end: the final rung and the VOD master at the same keys, then `ready`. */
async function makeReady(
  clip: string,
  video: Awaited<ReturnType<typeof playableVideo>>,
  finalDir: string,
) {
  const { id, hls, base, source } = video;
  const final = await hlsRung(clip, finalDir);
  for (const file of final.files)
    await put(`${hls}final/${file}`, await readFile(join(finalDir, file)), "video/mp4");
  await put(`${hls}final/index.m3u8`, final.vod, PLAYLIST);
  await put(`${hls}master.m3u8`, master("final"), PLAYLIST);
  await put(`videos/${id}/download.mp4`, source, "video/mp4");
  await put(`videos/${id}/poster.jpg`, new Uint8Array([0xff, 0xd8, 0xff]), "image/jpeg");
  await postEvent({
    ...base,
    type: "ready",
    durationSeconds: 30,
    width: 640,
    height: 360,
    renditions: [
      {
        name: "final",
        width: 640,
        height: 360,
        bandwidth: 1_500_000,
        codecs: "avc1.42c01e,mp4a.40.2",
        playlistKey: `${hls}final/index.m3u8`,
        size: source.length,
      },
    ],
    outputs: {
      masterPlaylist: `${hls}master.m3u8`,
      mp4: { key: `videos/${id}/download.mp4`, size: source.length, contentType: "video/mp4" },
      mp3: null,
      poster: { key: `videos/${id}/poster.jpg`, size: 3, contentType: "image/jpeg" },
      thumbnails: [],
      storyboard: null,
    },
    totalSize: source.length * 2,
    supersededPrefixes: [`${hls}copy/`],
  });
}

describe("a video still processing, in the console", () => {
  it("should play the growing playlist, then move to the final master at ready without a reload", async () => {
    const clip = await generateClip(join(dataDir, "lecture.mp4"), {
      seconds: 30,
      gopSeconds: SEGMENT_SECONDS,
    });
    const copy = await hlsRung(clip, join(dataDir, "copy"));
    const total = copy.files.length - 1;
    expect(total).toBeGreaterThanOrEqual(10);

    // The instructor registers in the console; the test signs in beside it for the set-up.
    const token = await instructorInConsole();
    const video = await playableVideo(token, "Growing lecture", clip, copy, 4);
    const { id, hls } = video;

    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
    await page.goto(`${stack!.edgeUrl}/#/videos/${id}`);
    await page.getByText("Still processing: more qualities are coming.").waitFor();
    await page.locator(".state", { hasText: "Playable" }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
    const player = page.locator("video");
    await player.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      return el.play();
    });
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 2,
      undefined,
      {
        timeout: 30_000,
      },
    );
    // From the start, not from the live edge.
    expect(await page.evaluate(() => document.querySelector("video")!.currentTime)).toBeLessThan(7);
    // The rung grows while it plays: the viewer plays across where it stopped at first.
    await put(`${hls}copy/index.m3u8`, growing(copy.vod, total), PLAYLIST);
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 9,
      undefined,
      {
        timeout: 40_000,
      },
    );
    await page.screenshot({ path: join(artifacts, "playable-1-processing.png"), fullPage: true });

    // Ready: the final rung and the VOD master replace the growing ones at the same keys.
    await makeReady(clip, video, join(dataDir, "final"));

    await page.getByRole("link", { name: "Download MP4" }).waitFor({ timeout: 30_000 });
    const switchedAt = Number(await player.getAttribute("data-switched-at"));
    expect(switchedAt).toBeGreaterThan(9);
    // Once the final master plays, it plays from where the viewer was, not from 0.
    await page.waitForFunction(
      () => {
        const video = document.querySelector("video")!;
        return !video.seeking && video.readyState >= 3 && video.currentTime > 0.5;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(await player.evaluate((el: HTMLVideoElement) => el.currentTime)).toBeGreaterThan(
      switchedAt - 1,
    );
    await page.waitForFunction(
      (at) => (document.querySelector("video")?.currentTime ?? 0) > at + 2,
      switchedAt,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(artifacts, "playable-2-ready.png"), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      "same page",
    );
    expect(await page.getByText("Still processing").count()).toBe(0);
    const fragments = pageLog.filter((line) => line.includes("/hls/final/"));
    expect(fragments).toEqual([]); // no failed request for the final rung
    const errors = JSON.parse((await player.getAttribute("data-hls-errors")) ?? "[]") as string[];
    expect(errors.filter((e) => e.includes("fatal"))).toEqual([]);
  }, 240_000);

  it("should leave a viewer who watched to the end there at ready, and play the full ladder from the start on play", async () => {
    const clip = await generateClip(join(dataDir, "short.mp4"), {
      seconds: 8,
      gopSeconds: SEGMENT_SECONDS,
    });
    const copy = await hlsRung(clip, join(dataDir, "short-copy"));
    const token = await instructorInConsole();
    const video = await playableVideo(token, "Short lecture", clip, copy, copy.files.length - 1);
    // The whole rung is written: the transcoder closes its playlist before the ladder is done.
    await put(`${video.hls}copy/index.m3u8`, copy.vod, PLAYLIST);

    await page.goto(`${stack!.edgeUrl}/#/videos/${video.id}`);
    await page.locator(".state", { hasText: "Playable" }).waitFor();
    const player = page.locator("video");
    await player.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      el.playbackRate = 4;
      return el.play();
    });
    await page.waitForFunction(() => document.querySelector("video")!.ended, undefined, {
      timeout: 30_000,
    });
    const end = await player.evaluate((el: HTMLVideoElement) => el.currentTime);

    await makeReady(clip, video, join(dataDir, "short-final"));
    await page.getByRole("link", { name: "Download MP4" }).waitFor({ timeout: 30_000 });
    // Time for a switch to have loaded the final master and put the viewer somewhere.
    await page.waitForTimeout(3_000);
    const after = await player.evaluate((el: HTMLVideoElement) => ({
      time: el.currentTime,
      ended: el.ended,
    }));
    expect(after.time, "still at the end, not back at 0:00").toBeGreaterThan(end - 1);

    // Play again: from the beginning, on the final master.
    const finalRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/hls/final/")) finalRequests.push(r.url());
    });
    // The switch's new load interrupts this play() (its promise rejects, as for a viewer
    // pressing play); the console plays again once the final master is loaded.
    await player.evaluate((el: HTMLVideoElement) => {
      el.playbackRate = 1;
      void el.play().catch(() => undefined);
    });
    await page.waitForFunction(
      () => {
        const v = document.querySelector("video")!;
        return !v.paused && v.currentTime > 1 && v.currentTime < 6;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(finalRequests.length).toBeGreaterThan(0);
    const errors = JSON.parse((await player.getAttribute("data-hls-errors")) ?? "[]") as string[];
    expect(errors.filter((e) => e.includes("fatal"))).toEqual([]);
  }, 120_000);

  it("should play an encoded preview across its handover to a ladder rung, with no stall and no error", async () => {
    // Two encodes of one picture on the 2 s grid, as the preview and the lowest ladder rung.
    const preview = await generateClip(join(dataDir, "preview.mp4"), {
      seconds: 16,
      gopSeconds: SEGMENT_SECONDS,
      crf: 35,
    });
    const rung = await generateClip(join(dataDir, "rung.mp4"), {
      seconds: 16,
      gopSeconds: SEGMENT_SECONDS,
      crf: 20,
    });
    const own = await hlsRung(preview, join(dataDir, "handover-preview"));
    const ladder = await hlsRung(rung, join(dataDir, "handover-rung"));
    const token = await instructorInConsole();
    const video = await playableVideo(token, "Handed-over lecture", preview, own, 3);
    // The playlist as the transcoder's handedOverPlaylist writes it once the preview is
    // stopped after 3 segments: the rung's segments from there on, copied beside them.
    for (const file of ladder.files)
      await put(
        `${video.hls}copy/ladder_${file}`,
        await readFile(join(ladder.dir, file)),
        "video/mp4",
      );
    const rungSegments = ladder.vod
      .split("\n")
      .filter((l) => l.startsWith("#EXTINF") || l.endsWith(".m4s"))
      .slice(6)
      .map((l) => (l.endsWith(".m4s") ? `ladder_${l}` : l));
    const handedOver = [
      growing(own.vod, 3).trimEnd(),
      "#EXT-X-DISCONTINUITY",
      '#EXT-X-MAP:URI="ladder_init.mp4"',
      ...rungSegments,
      "",
    ].join("\n");
    expect(handedOver.match(/ladder_seg_/g)?.length).toBe(5);
    await put(`${video.hls}copy/index.m3u8`, handedOver, PLAYLIST);

    await page.goto(`${stack!.edgeUrl}/#/videos/${video.id}`);
    await page.locator(".state", { hasText: "Playable" }).waitFor();
    const player = page.locator("video");
    await player.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      el.dataset.stalls = "0";
      el.addEventListener("waiting", () => {
        if (el.currentTime > 0.5) el.dataset.stalls = String(Number(el.dataset.stalls) + 1);
      });
      return el.play();
    });
    // Past the handover at 6 s, to 12 s of the 16.
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 12,
      undefined,
      { timeout: 40_000 },
    );
    expect(await player.getAttribute("data-stalls")).toBe("0");
    expect(JSON.parse((await player.getAttribute("data-hls-errors")) ?? "[]")).toEqual([]);
  }, 120_000);
});
