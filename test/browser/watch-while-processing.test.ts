import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { Browser, Page } from "playwright-core";
import { allocateDevPorts, edgeApi, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";
import { devStackS3Client } from "../support/dev-stack.ts";

// Issue 15 end to end, with the real transcoder: a lecture is uploaded, the console
// starts playing it as soon as it is playable while the ladder is still being encoded,
// and it plays across the point the encoder had reached when playback started, with no
// stall and no hls.js error; at ready the player moves to the full ladder in place.

const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
const PASSWORD = "a very long passphrase";
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let s3: S3Client;
const pageLog: string[] = [];
/** Every HLS request the player made and what the player saw at each `waiting`: printed at the end. */
const playerLog: string[] = [];
const since = Date.now();

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-watch-early-"));
  stack = await startDevStack(dataDir, await allocateDevPorts());
  s3 = devStackS3Client(stack);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  recordPageLog(page, pageLog);
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (url.pathname.includes("/hls/") || url.pathname.endsWith(".m3u8"))
      playerLog.push(`${((Date.now() - since) / 1000).toFixed(1)} ${r.status()} ${url.pathname}`);
  });
  page.on("console", (m) => {
    if (m.text().startsWith("[watch]"))
      playerLog.push(`${((Date.now() - since) / 1000).toFixed(1)} ${m.text()}`);
  });
}, 180_000);

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

async function text(key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: "coursecast", Key: key }));
    return (await object.Body?.transformToString()) ?? null;
  } catch {
    return null;
  }
}

/** Seconds listed in a playlist (the sum of its EXTINF durations). */
function listedSeconds(playlist: string): number {
  return [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * Where the encoder is: the shortest of the video rungs the ladder is writing (the
 * growing playlists under hls/, audio and a stream-copied first rung aside, which run
 * far ahead). Zero when the ladder has not written a segment yet.
 */
async function encoderPosition(id: string): Promise<number> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: "coursecast", Prefix: `videos/${id}/hls/` }),
  );
  const playlists = (listed.Contents ?? [])
    .map((o) => o.Key!)
    .filter((k) => k.endsWith("/index.m3u8"));
  const seconds: number[] = [];
  for (const key of playlists) {
    const body = await text(key);
    if (body && !body.includes("#EXT-X-ENDLIST")) seconds.push(listedSeconds(body));
  }
  return seconds.length ? Math.min(...seconds) : 0;
}

describe("watching a lecture while it is still processing", () => {
  it("should play from 0 past where the encoder was, without a stall or an hls.js error, then switch to the full ladder in place", async () => {
    onTestFailed(() => console.log(playerLog.join("\n")));
    // 1080p off the 2 s grid: the whole ladder is encoded, which takes a while here. A
    // keyframe every 8 s, as phones and screen recorders write: the copied first rung's
    // segments are that long, and a player hears of new ones once per 8 s reload.
    const clip = await generateClip(join(dataDir, "lecture.mp4"), {
      seconds: 90,
      size: "1920x1080",
      gopSeconds: 8,
    });

    const email = `ada-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await page.goto(stack!.edgeUrl);
    await registerInConsole(page, { name: "Ada", email, password: PASSWORD, role: "instructor" });
    await page.getByRole("heading", { name: "Upload" }).waitFor();

    const api = edgeApi(stack!.edgeUrl);
    const { access_token: token } = await api.client().login(email, PASSWORD);
    const client = api.client(token);
    const video = await api.uploadVideo(token, clip, "Lecture watched early");

    // Playable, and not ready yet: otherwise this test shows nothing.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const { video: current } = await client.getVideo(video.id);
      expect(current.state, "the video became ready before it was playable").not.toBe("ready");
      expect(current.state).not.toBe("failed");
      if (current.playable) break;
      if (Date.now() > deadline) throw new Error("not playable within 3 minutes");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    await page.goto(`${stack!.edgeUrl}/#/videos/${video.id}`);
    await page.getByText("Still processing: more qualities are coming.").waitFor();
    const player = page.locator("video");
    await player.evaluate((el: HTMLVideoElement) => {
      const w = window as unknown as { stalls: number; started: boolean };
      w.stalls = 0;
      w.started = false;
      // A stall of the growing stream; the switch to the final master at ready starts over.
      const ranges = () =>
        Array.from(
          { length: el.buffered.length },
          (_, i) => `${el.buffered.start(i).toFixed(2)}-${el.buffered.end(i).toFixed(2)}`,
        ).join(" ");
      el.addEventListener("waiting", () => {
        console.log(`[watch] waiting at ${el.currentTime.toFixed(2)} buffered ${ranges()}`);
        if (w.started && el.dataset.switchedAt === undefined) w.stalls += 1;
      });
      setInterval(() => {
        console.log(
          `[watch] at ${el.currentTime.toFixed(2)} buffered ${ranges()} errors ${el.dataset.hlsErrors ?? ""}`,
        );
      }, 2000);
      el.addEventListener("timeupdate", () => {
        if (el.currentTime > 0.5) w.started = true;
      });
      el.muted = true;
      return el.play();
    });
    await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 0);
    const encoderAtStart = await encoderPosition(video.id);
    const stillProcessing = (await client.getVideo(video.id)).video.state !== "ready";
    expect(stillProcessing, "the video became ready before playback started").toBe(true);
    const target = Math.max(encoderAtStart + 6, 12);

    await page.waitForFunction(
      (t) => (document.querySelector("video")?.currentTime ?? 0) > t,
      target,
      { timeout: 120_000, polling: 200 },
    );
    await page.screenshot({ path: join(artifacts, "watch-early-processing.png"), fullPage: true });
    const stalls = await page.evaluate(() => (window as unknown as { stalls: number }).stalls);
    const errors = await player.getAttribute("data-hls-errors");
    expect({ stalls, errors: errors ? JSON.parse(errors) : [] }).toEqual({ stalls: 0, errors: [] });
    // The viewer pauses mid-lecture (else the clip may be over before the ladder is done).
    await player.evaluate((el: HTMLVideoElement) => el.pause());

    // Ready: the player moves to the final master where the viewer is, no reload.
    expect(await api.settledState(token, video.id, 300_000)).toBe("ready");
    await page.getByRole("link", { name: "Download MP4" }).waitFor({ timeout: 30_000 });
    const switchedAt = Number(await player.getAttribute("data-switched-at"));
    // Where the viewer was, not 0 (the console polls every 2 s: ready may come mid-way).
    expect(switchedAt).toBeGreaterThan(1);
    // hls.js rebuilds the media source on the switch: the position reads 0 until the
    // final master's first segment is in; then it must be where the viewer was.
    await page.waitForFunction(
      (t) => (document.querySelector("video")?.currentTime ?? 0) >= t - 1,
      switchedAt,
      { timeout: 30_000 },
    );
    const after = await player.evaluate((el: HTMLVideoElement) => {
      void el.play();
      return el.currentTime;
    });
    await page.waitForFunction(
      (t) => (document.querySelector("video")?.currentTime ?? 0) > t + 2,
      after,
      { timeout: 30_000 },
    );
    const finalErrors = await player.getAttribute("data-hls-errors");
    const fatal = (finalErrors ? (JSON.parse(finalErrors) as string[]) : []).filter((e) =>
      e.includes("fatal"),
    );
    expect(fatal).toEqual([]);
  }, 600_000);
});
