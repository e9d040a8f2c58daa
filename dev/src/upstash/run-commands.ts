import type { Redis } from "ioredis";
import { ScriptCompat } from "./lua-scripts.ts";

export type Command = Array<string | number | boolean>;
export type Reply = { result: unknown } | { error: string };

/** Redis is not connected: the request fails as a whole (503), it is not a command error. */
export class RedisUnavailableError extends Error {}

const args = (command: Command) => command.slice(1).map(String);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** ioredis turns HGETALL replies into objects; the REST protocol carries Redis's flat array. */
function asWireReply(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    return Object.entries(value as Record<string, unknown>).flat();
  }
  return value;
}

export class CommandRunner {
  private readonly redis: Redis;
  private readonly scripts = new ScriptCompat();

  constructor(redis: Redis) {
    this.redis = redis;
  }

  private ensureReady(): void {
    if (this.redis.status !== "ready")
      throw new RedisUnavailableError(`redis is ${this.redis.status}`);
  }

  /** `binary`: bulk strings come back as Buffers (for base64 replies), not as UTF-8 text. */
  async runOne(original: Command, binary = false): Promise<Reply> {
    this.ensureReady();
    const command = this.scripts.rewrite(original);
    try {
      const result = binary
        ? await this.redis.callBuffer(String(command[0]), ...args(command))
        : await this.redis.call(String(command[0]), ...args(command));
      return { result: asWireReply(this.scripts.restoreReply(original, result)) };
    } catch (err) {
      if (this.redis.status !== "ready") throw new RedisUnavailableError(errorText(err));
      return { error: errorText(err) };
    }
  }

  /** `/pipeline` (independent commands) or `/multi-exec` (one MULTI/EXEC transaction). */
  async runMany(originals: Command[], transaction: boolean, binary = false): Promise<Reply[]> {
    this.ensureReady();
    const batch = transaction ? this.redis.multi() : this.redis.pipeline();
    const commands = originals.map((c) => this.scripts.rewrite(c));
    for (const command of commands) {
      if (binary) batch.callBuffer(String(command[0]), ...args(command));
      else batch.call(String(command[0]), ...args(command));
    }
    const results = await batch.exec();
    if (!results) throw new Error("transaction aborted");
    return results.map(([err, result], i) =>
      err
        ? { error: errorText(err) }
        : { result: asWireReply(this.scripts.restoreReply(originals[i]!, result)) },
    );
  }
}
