import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { readBoundedText } from "../read-bounded.ts";
import { bearerTokenCheck } from "./bearer-token.ts";
import { encodeBase64Result } from "./encode-result.ts";
import { connectRedis } from "./redis-connection.ts";
import { CommandRunner, RedisUnavailableError, type Command, type Reply } from "./run-commands.ts";

export interface UpstashShimOptions {
  port?: number;
  host?: string;
  token: string;
  /** Default redis://127.0.0.1:6379. */
  redisUrl?: string;
  silent?: boolean;
}

export interface UpstashShim {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CommandSchema = z.array(z.union([z.string(), z.number(), z.boolean()])).min(1);
const BatchSchema = z.array(CommandSchema).min(1);
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const readBody = (req: IncomingMessage) =>
  readBoundedText(req, MAX_BODY_BYTES, () => new Error("request body too large"));

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * The path form of the REST API: `/set/key/value` is `["set","key","value"]`; a
 * request body is one more argument (`POST /set/key` with the value as the body),
 * and query parameters come last as name/value pairs (`?EX=100`).
 */
function commandFromPath(url: URL, body: string): Command {
  const command: Command = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (body) command.push(body);
  for (const [name, value] of url.searchParams) {
    if (name === "_token") continue;
    command.push(name, ...(value ? [value] : []));
  }
  return command;
}

/**
 * Speaks the Upstash Redis REST protocol over a real Redis: `POST /` with one
 * command, `/pipeline`, `/multi-exec`, bearer auth, `{result}`/`{error}` replies
 * and the base64 response encoding that @upstash/redis asks for by default.
 */
export async function startUpstashShim(options: UpstashShimOptions): Promise<UpstashShim> {
  const redis = connectRedis(options.redisUrl ?? "redis://127.0.0.1:6379");
  // Start even when Redis is away (requests then fail with 503 until it is back).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const runner = new CommandRunner(redis);
  const authorized = bearerTokenCheck(options.token);
  const log = (fields: Record<string, unknown>) => {
    if (!options.silent) console.log(JSON.stringify({ component: "upstash-shim", ...fields }));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const url = new URL(req.url ?? "/", "http://shim");
      if (!authorized(req.headers.authorization)) {
        return send(res, 401, { error: "Unauthorized" });
      }
      const encode = req.headers["upstash-encoding"] === "base64";
      const reply = (r: Reply) =>
        "result" in r && encode ? { result: encodeBase64Result(r.result) } : r;
      try {
        const raw = req.method === "POST" ? await readBody(req) : "";
        if (url.pathname === "/pipeline" || url.pathname === "/multi-exec") {
          const commands = BatchSchema.safeParse(JSON.parse(raw || "null"));
          if (!commands.success)
            return send(res, 400, { error: "ERR body must be an array of commands" });
          const replies = await runner.runMany(
            commands.data,
            url.pathname === "/multi-exec",
            encode,
          );
          send(res, 200, replies.map(reply));
        } else {
          const command =
            url.pathname === "/"
              ? CommandSchema.safeParse(JSON.parse(raw || "null"))
              : CommandSchema.safeParse(commandFromPath(url, raw));
          if (!command.success)
            return send(res, 400, { error: "ERR body must be a command array" });
          const result = await runner.runOne(command.data, encode);
          send(res, "error" in result ? 400 : 200, reply(result));
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // Redis away (no offline queue) or a broken request: answer at once, never hang.
        const unavailable = err instanceof RedisUnavailableError || redis.status !== "ready";
        send(res, unavailable ? 503 : 400, {
          error: unavailable ? `ERR redis unavailable: ${message}` : `ERR ${message}`,
        });
      }
      log({
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Date.now() - started,
      });
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    url,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
