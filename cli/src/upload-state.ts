import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { configDir } from "./credentials.ts";

/** Remembers which video a local file is being uploaded to, so a rerun resumes it. */
type State = Record<string, { videoId: string; apiUrl: string }>;

const file = () => join(configDir(), "uploads.json");

async function read(): Promise<State> {
  try {
    return JSON.parse(await readFile(file(), "utf8")) as State;
  } catch {
    return {};
  }
}

async function write(state: State): Promise<void> {
  await mkdir(configDir(), { recursive: true, mode: 0o700 });
  await writeFile(file(), JSON.stringify(state, null, 2), { mode: 0o600 });
}

export async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path);
  return `${resolve(path)}:${info.size}:${Math.floor(info.mtimeMs)}`;
}

export async function pendingUpload(identity: string, apiUrl: string): Promise<string | null> {
  const entry = (await read())[identity];
  return entry && entry.apiUrl === apiUrl ? entry.videoId : null;
}

export async function rememberUpload(
  identity: string,
  apiUrl: string,
  videoId: string,
): Promise<void> {
  await write({ ...(await read()), [identity]: { videoId, apiUrl } });
}

export async function forgetUpload(identity: string): Promise<void> {
  const state = await read();
  delete state[identity];
  await write(state);
}
