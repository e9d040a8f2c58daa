import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateClip } from "@coursecast/dev/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateDevPorts, startDevStack, type DevStackProcess } from "@coursecast/dev";

// The command-line client against the real local stack.
const run = promisify(execFile);
const cli = fileURLToPath(new URL("../../cli/src/main.ts", import.meta.url));
let dir: string;
let stack: DevStackProcess | undefined;
let cliEnv: NodeJS.ProcessEnv;

const coursecast = (...args: string[]) =>
  run(process.execPath, [cli, ...args], { env: cliEnv, maxBuffer: 16 << 20 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coursecast-cli-"));
  stack = await startDevStack(join(dir, "data"), await allocateDevPorts());
  cliEnv = {
    ...process.env,
    COURSECAST_API_URL: stack.edgeUrl,
    COURSECAST_CONFIG_DIR: join(dir, "config"),
  };
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("coursecast CLI", () => {
  it("should log in, upload a file in parts, follow it to ready, list it and download its MP3", async () => {
    const email = `cli-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const password = "command line passphrase";
    const register = await fetch(`${stack!.edgeUrl}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "CLI", role: "instructor" }),
    });
    expect(register.status).toBe(202);

    await expect(coursecast("login", "--email", email)).rejects.toMatchObject({
      stderr: expect.stringContaining("no password"),
    });
    cliEnv.COURSECAST_PASSWORD = password;
    await coursecast("login", "--email", email);
    const credentials = await stat(join(dir, "config", "credentials.json"));
    expect(credentials.mode & 0o777).toBe(0o600);

    // About 12 MiB of real video: the CLI asks for a resumable multipart upload above 5 MiB.
    const video = join(dir, "lecture.mp4");
    await generateClip(video, { seconds: 8, videoBitrate: "12M" });
    const { stdout: uploaded } = await coursecast("upload", video);
    const id = uploaded.trim().split("\t")[1]!;
    expect(uploaded).toContain("queued");

    await coursecast("status", id, "--watch");
    const { stdout: status } = await coursecast("status", id);
    expect(status).toContain("ready");
    const { stdout: listing } = await coursecast("list");
    expect(listing).toContain(id);
    // No --title: the edge names it after the file, without ".mp4".
    expect(listing).toMatch(new RegExp(`^${id}\tready\tlecture$`, "m"));
    const out = join(dir, "lecture.mp3");
    await coursecast("download", id, "--format", "mp3", "--out", out);
    expect([...(await readFile(out)).subarray(0, 3)]).toEqual([0x49, 0x44, 0x33]); // "ID3"
  }, 240_000);
});
