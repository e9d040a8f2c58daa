import type { Redis } from "@upstash/redis/cloudflare";
import { DependencyError } from "../errors.ts";
import type { OneTimePurpose, OneTimeTokens } from "../ports/one-time-tokens.ts";

const TOKEN_BYTES = 32;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Tokens of 256 random bits; Redis keeps `SHA-256(token) → userId` with the link's lifetime. */
export class UpstashOneTimeTokens implements OneTimeTokens {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix = "") {
    this.redis = redis;
    this.prefix = prefix;
  }

  private async key(purpose: OneTimePurpose, token: string): Promise<string> {
    return `${this.prefix}ott:${purpose}:${await sha256Hex(token)}`;
  }

  async issue(purpose: OneTimePurpose, userId: string, ttlSeconds: number): Promise<string> {
    const token = base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
    const key = await this.key(purpose, token);
    try {
      await this.redis.set(key, userId, { ex: ttlSeconds });
    } catch (cause) {
      throw new DependencyError("redis", "could not store a one-time token", { cause });
    }
    return token;
  }

  async peek(purpose: OneTimePurpose, token: string): Promise<string | null> {
    const key = await this.key(purpose, token);
    try {
      const userId = await this.redis.get<string>(key);
      return userId === null ? null : String(userId);
    } catch (cause) {
      throw new DependencyError("redis", "could not read a one-time token", { cause });
    }
  }

  async take(purpose: OneTimePurpose, token: string): Promise<string | null> {
    const key = await this.key(purpose, token);
    try {
      // GETDEL: of two uses racing, exactly one gets the user.
      const userId = await this.redis.getdel<string>(key);
      return userId === null ? null : String(userId);
    } catch (cause) {
      throw new DependencyError("redis", "could not read a one-time token", { cause });
    }
  }
}
