import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import IORedis from "ioredis";
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

describe("scripts with shebang flags", () => {
  // The header @upstash/ratelimit puts on every script; Redis 7.0 does not know `allow-key-locking`.
  const flagged = `#!lua flags=allow-key-locking,no-writes\nreturn redis.call("GET", KEYS[1])`;

  it("should report a script loaded with flags as existing, under the SHA the client computed", async () => {
    const redis = new Redis({ url: shim.url, token });
    const sha = await redis.scriptLoad(flagged);
    expect(await redis.scriptExists(sha)).toEqual([1]);
    expect(await redis.scriptExists(sha, "0".repeat(40))).toEqual([1, 0]);
    await redis.set(`${prefix}flagged`, "value");
    expect(await redis.evalsha(sha, [`${prefix}flagged`], [])).toBe("value");
  });

  it("should limit with every @upstash/ratelimit algorithm", async () => {
    const algorithms = [
      Ratelimit.tokenBucket(2, "10 s", 2),
      Ratelimit.slidingWindow(2, "10 s"),
      Ratelimit.fixedWindow(2, "10 s"),
    ];
    for (const [i, limiter] of algorithms.entries()) {
      const ratelimit = new Ratelimit({
        redis: new Redis({ url: shim.url, token }),
        limiter,
        prefix: `${prefix}rl-algo-${i}`,
      });
      const results = [];
      for (let n = 0; n < 3; n++) results.push((await ratelimit.limit("who")).success);
      expect(results).toEqual([true, true, false]);
      expect((await ratelimit.getRemaining("who")).remaining).toBe(0);
    }
  });
});

describe("raw protocol", () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${shim.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  it("should read a body of up to 10 MiB and refuse a larger one", async () => {
    const MiB = 1024 * 1024;
    const setOfSize = (bytes: number) => {
      const empty = ["SET", `${prefix}large`, ""];
      return ["SET", `${prefix}large`, "x".repeat(bytes - JSON.stringify(empty).length)];
    };
    const tooLarge = await post("/", setOfSize(10 * MiB + 1));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toEqual({ error: "ERR request body too large" });
    const atLimit = await post("/", setOfSize(10 * MiB));
    expect(await atLimit.json()).toEqual({ result: "OK" });
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

  it("should base64-encode the bytes Redis holds, not a UTF-8 reading of them", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    const direct = new IORedis("redis://127.0.0.1:6379");
    try {
      await direct.set(`${prefix}binary`, bytes);
      await direct.rpush(`${prefix}binary-list`, bytes, "é");
    } finally {
      direct.disconnect();
    }
    const base64 = { "Upstash-Encoding": "base64" };
    const one = (await (await post("/", ["GET", `${prefix}binary`], base64)).json()) as {
      result: string;
    };
    expect(Buffer.from(one.result, "base64")).toEqual(bytes);
    const list = (await (
      await post("/pipeline", [["LRANGE", `${prefix}binary-list`, "0", "-1"]], base64)
    ).json()) as Array<{ result: string[] }>;
    expect(list[0]!.result.map((b) => Buffer.from(b, "base64"))).toEqual([bytes, Buffer.from("é")]);
    // The client's own decoding still reads UTF-8 text back unchanged.
    const redis = new Redis({ url: shim.url, token });
    await redis.set(`${prefix}text`, "lecture ✓");
    expect(await redis.get(`${prefix}text`)).toBe("lecture ✓");
  });

  it("should take the last argument from the body in the path form (POST /set/<key>)", async () => {
    const value = "a value with / slashes, spaces and ✓";
    const set = await fetch(`${shim.url}/set/${encodeURIComponent(`${prefix}body-set`)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: value,
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ result: "OK" });
    const get = await fetch(`${shim.url}/get/${encodeURIComponent(`${prefix}body-set`)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await get.json()).toEqual({ result: value });
    const expiring = await fetch(
      `${shim.url}/set/${encodeURIComponent(`${prefix}body-ex`)}?EX=100`,
      { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "v" },
    );
    expect(await expiring.json()).toEqual({ result: "OK" });
    const ttl = await post("/", ["TTL", `${prefix}body-ex`]);
    expect(((await ttl.json()) as { result: number }).result).toBeGreaterThan(90);
  });

  it("should refuse tokens that differ only in length or in the last character", async () => {
    for (const wrong of [`${token}x`, token.slice(0, -1), `${token.slice(0, -1)}X`, ""]) {
      const response = await fetch(`${shim.url}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${wrong}` },
        body: '["PING"]',
      });
      expect(response.status).toBe(401);
    }
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
