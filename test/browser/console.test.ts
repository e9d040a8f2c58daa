import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { fillRegisterForm } from "../support/console.ts";
import { generateClip } from "@coursecast/dev/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";

// The web console in Debian's Chromium (never a downloaded browser) against the full local stack.
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
const pageLog: string[] = [];
const MiB = 1024 * 1024;
const MINIMAL_PDF =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/** What the console's player recorded of hls.js's ERROR events (every one, fatal or not). */
const hlsErrors = (recorded: string | null): string[] =>
  recorded ? (JSON.parse(recorded) as string[]) : [];

const shot = (name: string) =>
  page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-browser-"));
  // Multipart from 6 MiB, so that a file of a few parts exercises pause and resume.
  stack = await startDevStack(dataDir, await allocateDevPorts(), {
    SINGLE_UPLOAD_MAX_BYTES: String(6 * MiB),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  recordPageLog(page, pageLog);
});

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

describe("web console", () => {
  it("should register, upload a video with a moving progress bar, play it and offer the MP3", async () => {
    const video = join(dataDir, "lecture-20s.mp4");
    await generateClip(video, { seconds: 20 });

    await page.goto(stack!.edgeUrl);
    await page.getByRole("heading", { name: "Create an account" }).waitFor();
    const register = await fillRegisterForm(page, {
      name: "Grace",
      email: `grace-${crypto.randomUUID().slice(0, 6)}@example.test`,
      password: "a very long passphrase",
      role: "instructor",
    });
    await shot("1-register");
    await register.getByRole("button", { name: "Register" }).click();
    await page.getByRole("heading", { name: "Upload" }).waitFor();

    await page.locator("#file-picker").setInputFiles(video);
    const bar = page.getByRole("progressbar", { name: /Upload of lecture-20s.mp4/ });
    await bar.waitFor();
    await page.getByText("Uploaded. Processing…").waitFor({ timeout: 60_000 });
    expect(Number(await bar.getAttribute("value"))).toBeGreaterThan(99);
    await shot("2-uploaded");

    const row = page.locator("li.video", { hasText: "lecture-20s" });
    await row.locator(".state", { hasText: "Ready" }).waitFor({ timeout: 120_000 });
    await shot("3-ready");
    await row.getByRole("link").click();

    const player = page.locator("video");
    await player.waitFor();
    await player.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      return el.play();
    });
    // Several seconds of playback, through more than one segment, without a single hls.js
    // error event: a non-fatal one (a buffer hole, a stalled fragment) is a defect too.
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 6,
      undefined,
      { timeout: 30_000 },
    );
    await shot("4-playing");
    expect(hlsErrors(await player.getAttribute("data-hls-errors"))).toEqual([]);
    const mp3 = await page.locator("#download-mp3").getAttribute("href");
    const response = await fetch(mp3!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("audio/mpeg");

    // Lecture slides as a PDF attachment: uploaded straight to storage, then opened.
    const slides = join(dataDir, "slides.pdf");
    await writeFile(slides, MINIMAL_PDF);
    await page.getByLabel("Attach a PDF").setInputFiles(slides);
    const attachment = page.locator("ul.attachments li", { hasText: "slides.pdf" });
    await attachment.waitFor();
    await shot("4b-attachment");
    // The edge answers with a presigned GET that downloads under the original name.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      attachment.getByRole("button", { name: "slides.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("slides.pdf");
    expect(await readFile(await download.path())).toEqual(Buffer.from(MINIMAL_PDF));
  }, 200_000);

  it("should pause and resume a multipart upload, and resume it after a reload from the parts stored", async () => {
    const file = join(dataDir, "long-lecture.mp4");
    await generateClip(file, { seconds: 20, size: "1280x720", videoBitrate: "12M" });
    const size = (await stat(file)).size;
    const partSize = 8 * MiB; // the edge's part size for a file this small
    expect(size).toBeGreaterThan(3 * partSize);
    // Upload throttled, so that there is time to pause and to reload mid-upload.
    const throttle = async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 6 * MiB,
      });
      return cdp;
    };
    let cdp = await throttle();
    const storedParts = new Set<number>();
    let reloaded = false;
    const putAfterReload: number[] = [];
    page.on("response", (response) => {
      const url = new URL(response.url());
      const part = Number(url.searchParams.get("partNumber"));
      if (response.request().method() !== "PUT" || !part || response.status() !== 200) return;
      if (reloaded) putAfterReload.push(part);
      else storedParts.add(part);
    });
    const progress = () =>
      page.evaluate(
        () =>
          (
            document.querySelector(
              'progress[aria-label="Upload of long-lecture.mp4"]',
            ) as HTMLProgressElement | null
          )?.value ?? -1,
      );
    const waitForProgress = (above: number) =>
      page.waitForFunction(
        (min) =>
          ((
            document.querySelector(
              'progress[aria-label="Upload of long-lecture.mp4"]',
            ) as HTMLProgressElement | null
          )?.value ?? -1) > min,
        above,
        { timeout: 60_000 },
      );

    await page.goto(stack!.edgeUrl);
    await page.getByRole("heading", { name: "Upload" }).waitFor();
    await page.locator("#file-picker").setInputFiles(file);
    const row = page.locator("ul.uploads li", { hasText: "long-lecture.mp4" });
    await waitForProgress(10);
    await row.getByRole("button", { name: "Pause" }).click();
    await row.getByRole("button", { name: "Resume" }).waitFor();
    const pausedAt = await progress();
    await page.waitForTimeout(1500);
    expect(await progress()).toBe(pausedAt); // nothing moves while paused
    await shot("5-paused");
    await row.getByRole("button", { name: "Resume" }).click();
    // Until at least one part is stored, then the page goes away mid-upload.
    const deadline = Date.now() + 60_000;
    while (storedParts.size === 0 && Date.now() < deadline) await page.waitForTimeout(200);
    expect(storedParts.size).toBeGreaterThan(0);
    const partCount = Math.ceil(size / partSize);
    expect(storedParts.size).toBeLessThan(partCount);
    reloaded = true;
    await page.reload();
    await cdp.detach().catch(() => undefined);
    cdp = await throttle();
    // The refresh cookie restores the session; picking the same file resumes it.
    await page.getByRole("heading", { name: "Upload" }).waitFor();
    await page.locator("#file-picker").setInputFiles(file);
    const resumed = page.locator("ul.uploads li", { hasText: "long-lecture.mp4" });
    await resumed.getByText("Uploaded. Processing…").waitFor({ timeout: 60_000 });
    await shot("6-resumed");
    // Only the missing parts went up again.
    expect(putAfterReload.filter((part) => storedParts.has(part))).toEqual([]);
    expect(new Set([...storedParts, ...putAfterReload]).size).toBe(partCount);
    await cdp.detach().catch(() => undefined);
  }, 200_000);

  it("should fit a phone's width without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(stack!.edgeUrl);
    await page.getByRole("heading", { name: "Upload" }).waitFor();
    await page.locator("li.video img").first().waitFor();
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    await shot("7-phone");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
