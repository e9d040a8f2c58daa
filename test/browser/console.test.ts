import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { generateClip } from "../support/generated-video.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";

// The web console in Debian's Chromium (never a downloaded browser) against the full local stack.
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
let page: Page;
const pageLog: string[] = [];

const shot = (name: string) =>
  page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-browser-"));
  stack = await startDevStack(dataDir, await allocateDevPorts());
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  // What the page saw, printed when a step fails.
  page.on("console", (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
  page.on("requestfailed", (r) =>
    pageLog.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) pageLog.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
});

afterAll(async () => {
  if (pageLog.length) console.log(pageLog.slice(-40).join("\n"));
  await browser?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("web console", () => {
  it("should register, upload a video with a moving progress bar, play it and offer the MP3", async () => {
    const video = join(dataDir, "lecture-20s.mp4");
    await generateClip(video, { seconds: 20 });

    await page.goto(stack!.edgeUrl);
    await page.getByRole("heading", { name: "Create an account" }).waitFor();
    const register = page.getByRole("form", { name: "Register" });
    await register.getByLabel("Name").fill("Grace");
    await register
      .getByLabel("E-mail")
      .fill(`grace-${crypto.randomUUID().slice(0, 6)}@example.test`);
    await register.getByLabel(/Password/).fill("a very long passphrase");
    await register.getByLabel("I am").selectOption("instructor");
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
    await page.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 1,
      undefined,
      { timeout: 30_000 },
    );
    await shot("4-playing");
    const mp3 = await page.locator("#download-mp3").getAttribute("href");
    const response = await fetch(mp3!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
  }, 200_000);
});
