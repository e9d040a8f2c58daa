import { createHash } from "node:crypto";

type Command = Array<string | number | boolean>;

// Shebang flags Redis 7.0 knows; newer ones (e.g. `allow-key-locking`, which
// @upstash/ratelimit sends) make older servers reject the whole script.
const KNOWN_FLAGS = new Set([
  "no-writes",
  "allow-oom",
  "allow-stale",
  "no-cluster",
  "allow-cross-slot-keys",
]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export function compatibleScript(script: string): string {
  return script.replace(/^#!lua flags=([^\n]*)/, (_line, flags: string) => {
    const kept = flags
      .split(",")
      .map((f) => f.trim())
      .filter((f) => KNOWN_FLAGS.has(f));
    return kept.length ? `#!lua flags=${kept.join(",")}` : "#!lua";
  });
}

/**
 * Rewrites EVAL / EVALSHA / SCRIPT LOAD / SCRIPT EXISTS so that scripts with flags this Redis
 * does not know still run, while clients keep using the SHA of the script they
 * sent (their EVALSHA → NOSCRIPT → EVAL fallback keeps working).
 */
export class ScriptCompat {
  private readonly shaOfRewritten = new Map<string, string>();

  rewrite(command: Command): Command {
    const name = String(command[0]).toUpperCase();
    if (name === "EVAL" || name === "EVAL_RO") {
      const original = String(command[1]);
      const script = compatibleScript(original);
      this.shaOfRewritten.set(sha1(original), sha1(script));
      return [command[0]!, script, ...command.slice(2)];
    }
    if (name === "EVALSHA" || name === "EVALSHA_RO") {
      const sha = String(command[1]).toLowerCase();
      return [command[0]!, this.shaOfRewritten.get(sha) ?? sha, ...command.slice(2)];
    }
    const subcommand = name === "SCRIPT" ? String(command[1]).toUpperCase() : "";
    if (subcommand === "EXISTS") {
      const shas = command.slice(2).map((sha) => String(sha).toLowerCase());
      return [command[0]!, command[1]!, ...shas.map((sha) => this.shaOfRewritten.get(sha) ?? sha)];
    }
    if (subcommand === "LOAD") {
      const original = String(command[2]);
      const script = compatibleScript(original);
      this.shaOfRewritten.set(sha1(original), sha1(script));
      return [command[0]!, command[1]!, script];
    }
    return command;
  }

  /** SCRIPT LOAD answers with the SHA of the script as the client sent it. */
  restoreReply(command: Command, result: unknown): unknown {
    if (
      String(command[0]).toUpperCase() === "SCRIPT" &&
      String(command[1]).toUpperCase() === "LOAD"
    ) {
      return sha1(String(command[2]));
    }
    return result;
  }
}
