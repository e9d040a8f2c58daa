import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Credentials {
  apiUrl: string;
  refreshToken: string;
}

/** `$COURSECAST_CONFIG_DIR`, else `$XDG_CONFIG_HOME/coursecast`, else `~/.config/coursecast`. */
export function configDir(): string {
  return (
    process.env.COURSECAST_CONFIG_DIR ??
    join(process.env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "coursecast")
  );
}

const file = () => join(configDir(), "credentials.json");

export async function saveCredentials(credentials: Credentials): Promise<void> {
  await mkdir(configDir(), { recursive: true, mode: 0o700 });
  await writeFile(file(), JSON.stringify(credentials, null, 2), { mode: 0o600 });
  // writeFile keeps the mode of an existing file: enforce 0600 every time.
  await chmod(file(), 0o600);
}

export async function loadCredentials(): Promise<Credentials | null> {
  try {
    return JSON.parse(await readFile(file(), "utf8")) as Credentials;
  } catch {
    return null;
  }
}

export async function clearCredentials(): Promise<void> {
  await rm(file(), { force: true });
}
