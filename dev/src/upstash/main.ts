import { startUpstashShim } from "./server.ts";

const shim = await startUpstashShim({
  port: Number(process.env.UPSTASH_PORT ?? 8079),
  token: process.env.UPSTASH_TOKEN ?? "coursecast-dev-token",
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
});
console.log(JSON.stringify({ component: "upstash-shim", msg: "listening", url: shim.url }));
process.on("SIGINT", () => void shim.close().then(() => process.exit(0)));
