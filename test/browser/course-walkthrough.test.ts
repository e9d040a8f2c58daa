import { execFile } from "node:child_process";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, type Page } from "playwright-core";
import { closeBrowserSuite, launchChromium, recordPageLog } from "../support/chromium.ts";
import { registerInConsole } from "../support/console.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";
import { generateClip } from "@coursecast/dev/test-support";

/**
 * The "Done when", scripted: two instructors and three students use the
 * real console against the full local stack (one private and one public course),
 * and every person's lists and direct URLs (course page, player, playback link,
 * download) are checked against the access rules. Screenshots go to SHOTS.
 */
const SHOTS =
  process.env.COURSE_SHOTS_DIR ??
  fileURLToPath(new URL("../artifacts/walkthrough/", import.meta.url));
const PASSWORD = "a very long passphrase";
let dataDir: string;
let stack: DevStackProcess | undefined;
let browser: Browser | undefined;
const pageLog: string[] = [];

interface Person {
  name: string;
  email: string;
  page: Page;
}

async function person(name: string, role: "instructor" | "student", url?: string) {
  const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack!.edgeUrl,
  });
  const page = await context.newPage();
  const log: string[] = [];
  recordPageLog(page, log);
  page.on("console", () => pageLog.push(...log.splice(0).map((line) => `${name} ${line}`)));
  await page.goto(url ?? stack!.edgeUrl);
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.test`;
  await registerInConsole(page, { name, email, password: PASSWORD, role });
  await page.getByRole("button", { name: "Log out" }).waitFor();
  return { name, email, page } satisfies Person;
}

const shot = (who: Person, name: string) =>
  who.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** The person's own bearer token, from a log-in of their own (the page keeps its in memory). */
async function tokenOf(who: Person): Promise<string> {
  const response = await fetch(`${stack!.edgeUrl}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: who.email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** What a person gets from every direct URL of a course and its lecture. */
async function directAnswers(who: Person, courseId: string, lectureId: string) {
  const token = await tokenOf(who);
  const get = (path: string) =>
    fetch(`${stack!.edgeUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: "manual",
    });
  const playback = await get(`/videos/${lectureId}/playback`);
  const master =
    playback.status === 200
      ? (await fetch(((await playback.json()) as { master: string }).master)).status
      : playback.status;
  return {
    course: (await get(`/courses/${courseId}`)).status,
    lecture: (await get(`/videos/${lectureId}`)).status,
    playback: playback.status,
    master,
    download: (await get(`/videos/${lectureId}/download?format=mp4`)).status,
  };
}

const ALLOWED = { course: 200, lecture: 200, playback: 200, master: 200, download: 302 };
const REFUSED = { course: 404, lecture: 404, playback: 404, master: 404, download: 404 };

async function createCourse(teacher: Person, title: string, visibility: "private" | "public") {
  const page = teacher.page;
  await page.getByRole("link", { name: "My courses" }).click();
  const form = page.getByRole("form", { name: "New course" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Visibility").selectOption(visibility);
  await form.getByRole("button", { name: "Create course" }).click();
  await page.getByRole("heading", { name: title }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByText("Published").first().waitFor();
  const courseId = /#\/courses\/([\w-]+)/.exec(page.url())![1]!;
  return courseId;
}

async function uploadLecture(teacher: Person, clip: string, title: string) {
  await teacher.page.locator("#file-picker").setInputFiles(clip);
  const lecture = teacher.page.locator("ol.lectures li", { hasText: title });
  await lecture.locator(".state", { hasText: "Ready" }).waitFor({ timeout: 240_000 });
  return (await lecture.getAttribute("data-video-id"))!;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coursecast-walkthrough-"));
  await mkdir(SHOTS, { recursive: true });
  stack = await startDevStack(dataDir, await allocateDevPorts(), {});
  browser = await launchChromium();
}, 120_000);

afterAll(() => closeBrowserSuite({ pageLog, logLines: 80, browser, stack, dataDir }));

describe("two instructors, three students, a private and a public course", () => {
  it("should let nobody see or play anything outside what the access rules allow", async () => {
    const privateClip = join(dataDir, "private-lecture.mp4");
    const publicClip = join(dataDir, "public-lecture.mp4");
    await generateClip(privateClip, { seconds: 6 });
    await generateClip(publicClip, { seconds: 6 });
    const cover = join(dataDir, "cover.png");
    await promisify(execFile)("ffmpeg", [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "color=c=steelblue:s=480x270",
      "-frames:v",
      "1",
      "-y",
      cover,
    ]);

    // Instructor A: a private course with a cover, two sections and a lecture; an invite.
    const ada = await person("Ada", "instructor");
    const privateId = await createCourse(ada, "Private signals", "private");
    const privateLecture = await uploadLecture(ada, privateClip, "private-lecture");
    await ada.page.getByLabel("Choose a cover image").setInputFiles(cover);
    await ada.page.locator("img.cover[src]").waitFor();
    await ada.page.getByRole("button", { name: "Add a section" }).click();
    await ada.page.getByLabel("Title of section 2").waitFor();
    await ada.page.getByLabel("Title of section 2").fill("Part two");
    await ada.page.getByRole("button", { name: "Rename section" }).nth(1).click();
    await ada.page
      .getByLabel("Title of section 2")
      .and(ada.page.locator('[value="Part two"]'))
      .waitFor();
    // Down from the last place of section 1: the lecture crosses into section 2.
    await ada.page.getByRole("button", { name: "Move private-lecture down" }).click();
    await ada.page
      .locator(".section")
      .nth(1)
      .locator(`li[data-video-id="${privateLecture}"]`)
      .waitFor();
    await ada.page.getByRole("button", { name: "Create invite link" }).click();
    await ada.page.getByRole("button", { name: "Copy link" }).click();
    const inviteUrl = await ada.page.evaluate(() => navigator.clipboard.readText());
    expect(inviteUrl).toMatch(/\/join\/[A-Za-z0-9_-]{16,}$/);

    // Instructor B becomes co-instructor of the private course; an unknown address is refused.
    const bea = await person("Bea", "instructor");
    const coForm = ada.page.getByRole("form", { name: "Add a co-instructor" });
    await coForm.getByLabel("Co-instructor's e-mail").fill("nobody@example.test");
    await coForm.getByRole("button", { name: "Add co-instructor" }).click();
    await ada.page.getByText("No instructor account uses that e-mail address").waitFor();
    await coForm.getByLabel("Co-instructor's e-mail").fill(bea.email);
    await coForm.getByRole("button", { name: "Add co-instructor" }).click();
    await ada.page.locator(".co-instructors li", { hasText: bea.email }).waitFor();
    await shot(ada, "1-ada-private-course");

    // Instructor A: a public course with its own lecture.
    const publicId = await createCourse(ada, "Open physics", "public");
    const publicLecture = await uploadLecture(ada, publicClip, "public-lecture");
    await ada.page.getByRole("link", { name: "My courses" }).click();
    await ada.page
      .locator("li.course", { hasText: "Private signals" })
      .locator("img.cover[src]")
      .waitFor();
    await shot(ada, "2-ada-my-courses");

    // Student 1 joins the private course by the invite link.
    const sam = await person("Sam", "student", inviteUrl);
    await sam.page.getByRole("heading", { name: "Private signals" }).waitFor();
    await sam.page.locator("video").waitFor();
    await shot(sam, "3-sam-joined-private");

    // Student 2 joins the public course from "My learning".
    const tia = await person("Tia", "student");
    await tia.page.getByRole("link", { name: "My learning" }).click();
    await tia.page.getByRole("button", { name: "Join Open physics" }).click();
    await tia.page.getByRole("heading", { name: "Open physics" }).waitFor();

    // Student 3 does neither.
    const uma = await person("Uma", "student");
    await uma.page.getByRole("link", { name: "My learning" }).click();
    await uma.page.getByText("You are not enrolled in any course yet").waitFor();
    await uma.page.getByRole("button", { name: "Join Open physics" }).waitFor();
    expect(await uma.page.getByText("Private signals").count()).toBe(0);
    await shot(uma, "4-uma-my-learning");

    // Lists: who sees which course where.
    const listed = async (who: Person, link: string) => {
      await who.page.getByRole("link", { name: link }).click();
      await who.page.locator("section ul.courses").first().locator("li").first().waitFor();
      return (
        await who.page.locator("section ul.courses").first().locator("li.course").allTextContents()
      ).join(" | ");
    };
    const beaCourses = await listed(bea, "My courses");
    expect(beaCourses).toContain("Private signals");
    expect(beaCourses).not.toContain("Open physics");
    const samLearning = await listed(sam, "My learning");
    expect(samLearning).toContain("Private signals");
    expect(samLearning).not.toContain("Open physics");
    const tiaLearning = await listed(tia, "My learning");
    expect(tiaLearning).toContain("Open physics");
    expect(tiaLearning).not.toContain("Private signals");
    expect(await listed(uma, "My learning")).toBe("");

    // Direct URLs, everyone against both courses: private is for its managers and
    // enrolled students, public for anyone signed in.
    const people = { ada, bea, sam, tia, uma };
    const got: Record<string, unknown> = {};
    for (const [name, who] of Object.entries(people)) {
      got[`${name} private`] = await directAnswers(who, privateId, privateLecture);
      got[`${name} public`] = await directAnswers(who, publicId, publicLecture);
    }
    expect(got).toEqual({
      "ada private": ALLOWED,
      "ada public": ALLOWED,
      "bea private": ALLOWED,
      "bea public": ALLOWED,
      "sam private": ALLOWED,
      "sam public": ALLOWED,
      "tia private": REFUSED,
      "tia public": ALLOWED,
      "uma private": REFUSED,
      "uma public": ALLOWED,
    });

    // The console's pages, opened by URL: the course page and the lecture player.
    await uma.page.goto(`${stack!.edgeUrl}/#/learn/${privateId}`);
    await uma.page.getByRole("heading", { name: "Course not available" }).waitFor();
    expect(await uma.page.locator("video").count()).toBe(0);
    await shot(uma, "5-uma-private-course-by-url");
    await uma.page.goto(`${stack!.edgeUrl}/#/videos/${privateLecture}`);
    await uma.page.getByRole("heading", { name: "Video not available" }).waitFor();
    expect(await uma.page.locator("video").count()).toBe(0);
    await shot(uma, "6-uma-private-lecture-by-url");

    // The co-instructor manages the private lecture (rename) but only watches the public one.
    await bea.page.goto(`${stack!.edgeUrl}/#/videos/${privateLecture}`);
    await bea.page.getByRole("button", { name: "Rename" }).waitFor();
    await bea.page.goto(`${stack!.edgeUrl}/#/videos/${publicLecture}`);
    await bea.page.locator("video").waitFor();
    expect(await bea.page.getByRole("button", { name: "Rename" }).count()).toBe(0);
    await shot(bea, "7-bea-public-lecture");

    // A removes Sam: Sam's playback ends at once, the link Sam already holds included.
    const samToken = await tokenOf(sam);
    const links = await fetch(`${stack!.edgeUrl}/videos/${privateLecture}/playback`, {
      headers: { authorization: `Bearer ${samToken}` },
    });
    const heldMaster = ((await links.json()) as { master: string }).master;
    expect((await fetch(heldMaster)).status).toBe(200);
    await ada.page.getByRole("link", { name: "My courses" }).click();
    await ada.page.getByRole("link", { name: "Private signals" }).click();
    ada.page.once("dialog", (dialog) => void dialog.accept());
    await ada.page
      .locator("ul.students li", { hasText: "Sam" })
      .getByRole("button", { name: "Remove" })
      .click();
    await ada.page.getByText("No students yet").waitFor();
    await shot(ada, "8-ada-removed-sam");
    expect((await fetch(heldMaster)).status).toBe(404);
    expect(await directAnswers(sam, privateId, privateLecture)).toEqual(REFUSED);
    await sam.page.goto(`${stack!.edgeUrl}/#/learn/${privateId}`);
    await sam.page.getByRole("heading", { name: "Course not available" }).waitFor();
    await shot(sam, "9-sam-after-removal");
  }, 900_000);
});
