import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, edgeApi, startDevStack, type DevStackProcess } from "@coursecast/dev";

// A phone clip filmed upright: landscape pixels plus a display matrix that turns them a
// quarter turn. The API reports it portrait and the console plays it upright (issue #12).
const run = promisify(execFile);
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
const pageLog: string[] = [];

/** 1280x720 pixels tagged rotate=90: ffmpeg 5.1 stores the tag as display-matrix side data. */
async function generateRotatedClip(dir: string): Promise<string> {
  const landscape = join(dir, "landscape.mp4");
  const rotated = join(dir, "phone-portrait.mp4");
  const quiet = ["-hide_banner", "-loglevel", "error", "-y"];
  await run("ffmpeg", [
    ...quiet,
    ...["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=4"],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", landscape],
  ]);
  await run(
    "ffmpeg",
    [...quiet, "-i", landscape, "-c", "copy"].concat(["-metadata:s:v:0", "rotate=90", rotated]),
  );
  return rotated;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-rotated-"));
  stack = await startDevStack(dataDir, await allocateDevPorts());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  recordPageLog(page, pageLog);
});

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

interface VideoBody {
  video: {
    state: string;
    width?: number;
    height?: number;
    renditions?: Array<{ name: string; width: number; height: number }>;
  };
}

describe("a rotated phone clip", () => {
  it("should be reported portrait by GET /videos/:id and play upright in the console", async () => {
    const source = await generateRotatedClip(dataDir);
    const edge = edgeApi(stack!.edgeUrl);
    const email = `phone-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const password = "lecture hall 42!";

    // Registered in the console, so that the page holds the session cookie.
    await page.goto(stack!.edgeUrl);
    await registerInConsole(page, { name: "Phone", email, password, role: "instructor" });
    await page.getByRole("heading", { name: "Upload" }).waitFor();

    const login = await edge.call<{ access_token: string }>("/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    const token = login.body.access_token;
    const { id } = await edge.uploadVideo(token, source, "Phone clip");
    const state = await edge.settledState(token, id);
    const { body } = await edge.call<VideoBody>(`/videos/${id}`, { token });
    if (state !== "ready") console.log(JSON.stringify(body), stack!.output().slice(-3000));
    expect(state).toBe("ready");

    const { width, height, renditions } = body.video;
    expect({ width, height }).toEqual({ width: 720, height: 1280 });
    expect(renditions?.length).toBeGreaterThan(0);
    for (const rendition of renditions ?? []) {
      expect(rendition.width, rendition.name).toBeLessThan(rendition.height);
    }

    await page.goto(`${stack!.edgeUrl}/#/videos/${id}`);
    const player = page.locator("video");
    await player.waitFor();
    await player.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      return el.play();
    });
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 1,
      undefined,
      { timeout: 30_000 },
    );
    const shown = await player.evaluate((el: HTMLVideoElement) => ({
      videoWidth: el.videoWidth,
      videoHeight: el.videoHeight,
    }));
    expect(shown.videoWidth).toBeGreaterThan(0);
    expect(shown.videoWidth).toBeLessThan(shown.videoHeight);
  }, 200_000);
});
