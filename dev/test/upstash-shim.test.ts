import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashShim, type UpstashShim } from "../src/upstash/index.ts";

// Driven by the unmodified @upstash/redis and @upstash/ratelimit clients against the real Redis.
const token = "test-token";
const prefix = `shim-test:${crypto.randomUUID()}:`;
let shim: UpstashShim;

beforeAll(async () => {
  shim = await startUpstashShim({ port: 0, token, silent: true });
});
afterAll(async () => {
  const cleanup = new Redis({ url: shim.url, token });
  const keys = await cleanup.keys(`${prefix}*`);
  if (keys.length) await cleanup.del(...keys);
  await shim.close();
});

const modes = [
  { name: "default client (auto-pipelining, base64 responses)", options: {} },
  {
    name: "plain client (no pipelining, no encoding)",
    options: { enableAutoPipelining: false, responseEncoding: false as const },
  },
];

describe.each(modes)("@upstash/redis — $name", ({ options }) => {
  const client = () => new Redis({ url: shim.url, token, ...options });
  const key = (name: string) => `${prefix}${JSON.stringify(options)}:${name}`;

  it("should round-trip strings, including non-ASCII and look-alikes", async () => {
    const redis = client();
    for (const value of ["héllo wörld ✓ 🎓", "aGVsbG8=", "OK", "PONG", "12345", ""]) {
      await redis.set(key("s"), value);
      // Numbers-looking strings are parsed to numbers by the client itself (its default automaticDeserialization).
      const got = await redis.get(key("s"));
      expect(String(got)).toBe(value === "12345" ? "12345" : value);
    }
  });

  it("should handle counters, hashes, expiry and EXAT", async () => {
    const redis = client();
    expect(await redis.incr(key("n"))).toBe(1);
    expect(await redis.incrby(key("n"), 41)).toBe(42);
    await redis.hset(key("h"), { title: "Lecture 1", views: 3 });
    expect(await redis.hgetall(key("h"))).toEqual({ title: "Lecture 1", views: 3 });
    await redis.set(key("e"), "1", { ex: 100 });
    const ttl = await redis.ttl(key("e"));
    expect(ttl).toBeGreaterThan(90);
    const exat = Math.floor(Date.now() / 1000) + 500;
    await redis.set(key("x"), "1", { exat });
    expect(await redis.ttl(key("x"))).toBeGreaterThan(400);
    expect(await redis.get(key("missing"))).toBeNull();
  });

  it("should store and read JSON values", async () => {
    const redis = client();
    await redis.set(key("j"), { id: "v1", tags: ["a", "é"], n: 2 });
    expect(await redis.get(key("j"))).toEqual({ id: "v1", tags: ["a", "é"], n: 2 });
  });

  it("should run explicit pipelines and transactions", async () => {
    const redis = client();
    const p = redis.pipeline();
    p.set(key("p1"), "one");
    p.get(key("p1"));
    p.incr(key("p2"));
    expect(await p.exec()).toEqual(["OK", "one", 1]);
    const tx = redis.multi();
    tx.set(key("t1"), "uno");
    tx.get(key("t1"));
    expect(await tx.exec()).toEqual(["OK", "uno"]);
  });

  it("should surface a command error as a thrown error", async () => {
    const redis = client();
    await redis.set(key("str"), "text");
    await expect(redis.hget(key("str"), "field")).rejects.toThrow(/WRONGTYPE/);
  });

  it("should not accept a wrong token", async () => {
    const redis = new Redis({ url: shim.url, token: "wrong", ...options });
    await expect(redis.get(key("any"))).rejects.toThrow(/Unauthorized/);
  });
});

describe("@upstash/ratelimit", () => {
  it("should allow the limit and then block (sliding window)", async () => {
    const limiter = new Ratelimit({
      redis: new Redis({ url: shim.url, token }),
      limiter: Ratelimit.slidingWindow(3, "10 s"),
      prefix: `${prefix}rl-sliding`,
    });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("user-1"));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results[3]!.reset).toBeGreaterThan(Date.now());
    expect(results[3]!.remaining).toBe(0);
  });

  it("should allow the limit and then block (fixed window)", async () => {
    const limiter = new Ratelimit({
      redis: new Redis({ url: shim.url, token, enableAutoPipelining: false }),
      limiter: Ratelimit.fixedWindow(2, "10 s"),
      prefix: `${prefix}rl-fixed`,
    });
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.limit("ip-1")).success);
    expect(results).toEqual([true, true, false]);
  });
});

describe("raw protocol", () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${shim.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  it("should base64-encode string results only when asked", async () => {
    await post("/", ["SET", `${prefix}raw`, "lecture ✓"]);
    const plain = (await (await post("/", ["GET", `${prefix}raw`])).json()) as { result: string };
    const encoded = (await (
      await post("/", ["GET", `${prefix}raw`], { "Upstash-Encoding": "base64" })
    ).json()) as {
      result: string;
    };
    expect(plain.result).toBe("lecture ✓");
    // A shim that ignored the header would hand the client this plain text to base64-decode: wrong data.
    expect(encoded.result).not.toBe(plain.result);
    expect(Buffer.from(encoded.result, "base64").toString("utf8")).toBe("lecture ✓");
    const ok = (await (
      await post("/", ["SET", `${prefix}raw`, "x"], { "Upstash-Encoding": "base64" })
    ).json()) as {
      result: string;
    };
    expect(ok.result).toBe("OK");
  });

  it("should answer per command in a pipeline, errors in their slot", async () => {
    await post("/", ["SET", `${prefix}pipe-str`, "v"]);
    const response = await post("/pipeline", [
      ["GET", `${prefix}pipe-str`],
      ["HGET", `${prefix}pipe-str`, "f"],
      ["INCR", `${prefix}pipe-n`],
    ]);
    const body = (await response.json()) as Array<{ result?: unknown; error?: string }>;
    expect(response.status).toBe(200);
    expect(body[0]).toEqual({ result: "v" });
    expect(body[1]?.error).toMatch(/WRONGTYPE/);
    expect(body[2]).toEqual({ result: 1 });
  });

  it("should reject a missing bearer token and a malformed body", async () => {
    const noAuth = await fetch(`${shim.url}/`, { method: "POST", body: '["PING"]' });
    expect(noAuth.status).toBe(401);
    const malformed = await post("/", { not: "a command" });
    expect(malformed.status).toBe(400);
  });
});

describe("Redis unreachable", () => {
  it("should answer promptly with an error instead of hanging", async () => {
    const broken = await startUpstashShim({
      port: 0,
      token,
      redisUrl: "redis://127.0.0.1:1",
      silent: true,
    });
    try {
      const response = await fetch(`${broken.url}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: '["PING"]',
        signal: AbortSignal.timeout(3000),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toMatch(/redis unavailable/);
    } finally {
      await broken.close();
    }
  });
});
