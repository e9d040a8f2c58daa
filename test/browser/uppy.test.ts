import { appendFile, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, edgeApi, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";
import type { UppyTestState } from "./uppy-page/page.ts";

// Uppy's current S3 uploader, unmodified, in Debian's Chromium against the full local stack.
const MiB = 1024 * 1024;
const FILE_BYTES = 50 * MiB;
const PART_BYTES = 8 * MiB; // the integration's default proposal
const PAUSE_AFTER_PARTS = 2;
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
const pageLog: string[] = [];

/** A short real clip padded with a top-level `free` box (ISO BMFF skips it) to 50 MiB. */
async function paddedClip(path: string, bytes: number): Promise<void> {
  await generateClip(path, { seconds: 3, size: "320x240" });
  const padding = bytes - (await stat(path)).size;
  const box = Buffer.alloc(padding, 0x5a);
  box.writeUInt32BE(padding, 0);
  box.write("free", 4, "latin1");
  await appendFile(path, box);
}

async function bundlePage(): Promise<string> {
  const entry = fileURLToPath(new URL("./uppy-page/page.ts", import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

const state = () => page.evaluate(() => window.uppyTest);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-uppy-"));
  const [script] = await Promise.all([
    bundlePage(),
    paddedClip(join(dataDir, "uppy-lecture.mp4"), FILE_BYTES),
  ]);
  stack = await startDevStack(dataDir, await allocateDevPorts(), { DEV_TRANSCODERS: "1" });
  browser = await launchChromium();
  // The page is fulfilled by the test, so Chromium cannot place it on loopback and would
  // hold its storage requests to 127.0.0.1 for a Local Network Access prompt.
  const context = await browser.newContext({ permissions: ["local-network-access"] });
  page = await context.newPage();
  recordPageLog(page, pageLog);
  // The page is served on the edge's origin (as an app embedding Uppy would be); its
  // uploads go cross-origin to the S3 stand-in, which must allow what Uppy sends.
  const origin = stack.edgeUrl;
  await page.route(`${origin}/uppy-test/`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: '<!doctype html><input type="file" id="file"><script type="module" src="page.js"></script>',
    }),
  );
  await page.route(`${origin}/uppy-test/page.js`, (route) =>
    route.fulfill({ contentType: "text/javascript", body: script }),
  );
});

afterAll(() => closeBrowserSuite({ pageLog, logLines: 40, browser, stack, dataDir }));

describe("Uppy (@uppy/aws-s3 v6) with the coursecast integration", () => {
  it("should upload 50 MiB in parts, pause, resume with only the missing parts, and end ready", async () => {
    const api = edgeApi(stack!.edgeUrl);
    const token = await api.instructorToken("uppy");
    await page.goto(`${stack!.edgeUrl}/uppy-test/`);
    await page.evaluate(
      ([t, n]) => Object.assign(window.uppyTest, { token: t, pauseAfterParts: n }),
      [token, PAUSE_AFTER_PARTS] as const,
    );
    await page.locator("#file").setInputFiles(join(dataDir, "uppy-lecture.mp4"));

    // Paused by the page right after its second part: nothing more is signed or stored.
    await page.waitForFunction(() => window.uppyTest.paused, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const paused = await state();
    expect(paused.partsUploaded).toEqual([1, 2]);
    expect(paused.signed.filter((s) => s.method === "PUT").map((s) => s.partNumber)).toEqual([
      1, 2,
    ]);
    const created = paused.signed[0]!;
    expect(created).toMatchObject({ method: "POST", uploadId: false });
    const { body: listed } = await api.call<{ items: Array<{ id: string; title: string }> }>(
      "/videos",
      { token },
    );
    const video = listed.items.find((v) => v.title === "uppy-lecture")!;
    expect(video).toBeDefined(); // the title defaults to the file name without ".mp4"
    const stored = await api.call<{ parts: Array<{ partNumber: number; size: number }> }>(
      `/videos/${video.id}/upload/parts`,
      { token },
    );
    expect(stored.body.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, PART_BYTES],
      [2, PART_BYTES],
    ]);

    await page.evaluate(() => window.uppyResume());
    await page.waitForFunction(() => window.uppyTest.result ?? window.uppyTest.error, undefined, {
      timeout: 120_000,
    });
    const done: UppyTestState = await state();
    expect(done.error).toBeUndefined();
    expect(done.result).toEqual({ successful: 1, failed: [] });
    expect(done.videoId).toBe(video.id);
    // After the resume: ListParts, then only the missing parts, then the completion.
    const resumed = done.signed.slice(paused.signed.length);
    const partCount = Math.ceil(FILE_BYTES / PART_BYTES);
    expect(resumed.map((s) => [s.method, s.partNumber ?? null])).toEqual([
      ["GET", null],
      ...Array.from({ length: partCount - 2 }, (_, i) => ["PUT", i + 3]),
      ["POST", null],
    ]);
    expect(done.partsUploaded).toEqual(Array.from({ length: partCount }, (_, i) => i + 1));
    expect(pageLog.filter((line) => line.startsWith("failed:"))).toEqual([]);

    expect(await api.settledState(token, video.id, 150_000)).toBe("ready");
    const mp4 = await api.call(`/videos/${video.id}/download?format=mp4`, { token });
    expect(mp4.status).toBe(302);
    const location = decodeURIComponent(mp4.headers.get("location") ?? "");
    expect(location).toContain('filename="uppy-lecture.mp4"');
  }, 300_000);

  it("should upload a small file with one signed PUT and complete it in the postprocessor", async () => {
    const api = edgeApi(stack!.edgeUrl);
    const token = await api.instructorToken("uppy-single");
    const file = join(dataDir, "short-note.mp4");
    await generateClip(file, { seconds: 2, size: "320x240" });
    await page.goto(`${stack!.edgeUrl}/uppy-test/`);
    await page.evaluate((t) => Object.assign(window.uppyTest, { token: t }), token);
    await page.locator("#file").setInputFiles(file);
    await page.waitForFunction(() => window.uppyTest.result ?? window.uppyTest.error, undefined, {
      timeout: 60_000,
    });
    const done = await state();
    expect(done.error).toBeUndefined();
    expect(done.result).toEqual({ successful: 1, failed: [] });
    expect(done.signed).toEqual([{ method: "PUT", uploadId: false }]);
    const { body } = await api.call<{ video: { title: string; state: string } }>(
      `/videos/${done.videoId}`,
      { token },
    );
    expect(body.video.title).toBe("short-note");
    expect(["queued", "processing", "ready"]).toContain(body.video.state);
  }, 120_000);
});
