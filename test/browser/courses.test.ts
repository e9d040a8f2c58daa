import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { closeBrowserSuite, launchChromium } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";

// Courses in Debian's Chromium against the full local stack: an instructor
// publishes a lecture into a course and invites; a new student joins through
// the link, watches, reloads and resumes; the instructor sees them.
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
const pageLog: string[] = [];
const MINIMAL_PDF =
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

async function newPage(label: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack!.edgeUrl,
  });
  const page = await context.newPage();
  page.on("console", (m) => pageLog.push(`${label} console.${m.type()}: ${m.text()}`));
  page.on("response", (r) => {
    if (r.status() >= 400)
      pageLog.push(`${label} HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { context, page };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `courses-${name}.png`), fullPage: true });

async function register(page: Page, name: string, role: "instructor" | "student") {
  await registerInConsole(page, {
    name,
    email: `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.test`,
    password: "a very long passphrase",
    role,
  });
}

const currentTime = (page: Page) =>
  page.evaluate(() => document.querySelector("video")?.currentTime ?? 0);

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-courses-"));
  stack = await startDevStack(dataDir, await allocateDevPorts(), {});
  browser = await launchChromium();
}, 120_000);

afterAll(() => closeBrowserSuite({ pageLog, logLines: 60, browser, stack, dataDir }));

describe("courses in the console", () => {
  it("should enrol a student through an invite link, resume their lecture after a reload, and show them to the instructor", async () => {
    const clip = join(dataDir, "lecture-30s.mp4");
    await generateClip(clip, { seconds: 30 });

    // The instructor: a course, published, with one lecture uploaded into it.
    const { page: teacher } = await newPage("instructor");
    await teacher.goto(stack!.edgeUrl);
    await register(teacher, "Ada", "instructor");
    await teacher.getByRole("link", { name: "My courses" }).click();
    const newCourse = teacher.getByRole("form", { name: "New course" });
    await newCourse.getByLabel("Title").fill("Signals 101");
    await newCourse.getByRole("button", { name: "Create course" }).click();
    await teacher.getByRole("heading", { name: "Signals 101" }).waitFor();
    await teacher.getByRole("button", { name: "Publish" }).click();
    await teacher.getByText("Published").first().waitFor();
    await teacher.locator("#file-picker").setInputFiles(clip);
    const lecture = teacher.locator("ol.lectures li", { hasText: "lecture-30s" });
    await lecture.locator(".state", { hasText: "Ready" }).waitFor({ timeout: 180_000 });
    const slides = join(dataDir, "syllabus.pdf");
    await writeFile(slides, MINIMAL_PDF);
    await teacher.getByLabel("Attach a course file (PDF)").setInputFiles(slides);
    await teacher.locator("ul.attachments li", { hasText: "syllabus.pdf" }).waitFor();
    await teacher.getByRole("button", { name: "Create invite link" }).click();
    await teacher.getByRole("button", { name: "Copy link" }).click();
    const inviteUrl = await teacher.evaluate(() => navigator.clipboard.readText());
    expect(inviteUrl).toMatch(/\/join\/[A-Za-z0-9_-]{16,}$/);
    await shot(teacher, "1-instructor");

    // A new student opens the link, registers and lands in the course.
    const { page: student } = await newPage("student");
    await student.goto(inviteUrl);
    await student.getByText("Log in or register to join “Signals 101”.").waitFor();
    await register(student, "Grace", "student");
    await student.getByRole("heading", { name: "Signals 101" }).waitFor();
    expect(new URL(student.url()).hash).toMatch(/^#\/learn\//);
    const video = student.locator("video");
    await video.waitFor();
    await video.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      return el.play();
    });
    // Watch 20 s (played at normal speed), then pause: the pause saves the position.
    await student.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) >= 20,
      undefined,
      { timeout: 60_000 },
    );
    const saved = student.waitForResponse(
      (r) => r.url().endsWith("/progress") && r.request().method() === "PUT",
    );
    await video.evaluate((el: HTMLVideoElement) => el.pause());
    expect((await saved).status()).toBe(200);
    const pausedAt = await currentTime(student);
    await shot(student, "2-watched");

    await student.reload();
    await student.getByRole("heading", { name: "Signals 101" }).waitFor();
    await student.waitForFunction(
      () => (document.querySelector("video")?.currentTime ?? 0) > 1,
      undefined,
      { timeout: 30_000 },
    );
    const resumedAt = await currentTime(student);
    expect(Math.abs(resumedAt - pausedAt)).toBeLessThan(3);
    await shot(student, "3-resumed");
    const [download] = await Promise.all([
      student.waitForEvent("download"),
      student.getByRole("button", { name: "syllabus.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("syllabus.pdf");
    expect(await readFile((await download.path())!)).toEqual(Buffer.from(MINIMAL_PDF));

    // Then to the end: completed, and ticked in the list.
    await video.evaluate((el: HTMLVideoElement) => {
      el.muted = true;
      el.currentTime = el.duration - 1;
      return el.play();
    });
    await student.waitForResponse(
      (r) => r.url().endsWith("/progress") && r.request().method() === "PUT",
      { timeout: 30_000 },
    );
    await student.reload();
    await student.locator("ol.lectures li.completed").waitFor();
    await student.getByRole("link", { name: "My learning" }).click();
    const bar = student.getByRole("progressbar", { name: "Progress in Signals 101" });
    await bar.waitFor();
    expect(await bar.getAttribute("value")).toBe("1");
    await shot(student, "4-learning");

    // The instructor sees the student and their progress.
    await teacher.reload();
    const row = teacher.locator("ul.students li", { hasText: "Grace" });
    await row.waitFor();
    expect(await row.textContent()).toContain("1 of 1 lectures completed");
    expect(await lecture.locator(".completions").textContent()).toBe("1 of 1 students completed");
    await shot(teacher, "5-students");
  }, 400_000);
});
