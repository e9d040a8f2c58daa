import type { Redis } from "@upstash/redis/cloudflare";
import { DependencyError } from "../errors.ts";
import type { TokenRevocations } from "../ports/token-revocations.ts";

/** Redis failures surface as DependencyError: callers fail closed (503), never open. */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    throw new DependencyError("redis", cause instanceof Error ? cause.message : "unavailable", {
      cause,
    });
  }
}

export class UpstashTokenRevocations implements TokenRevocations {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix = "") {
    this.redis = redis;
    this.prefix = prefix;
  }

  private tokenKey(jti: string): string {
    return `${this.prefix}bl:${jti}`;
  }

  private familyKey(fid: string): string {
    return `${this.prefix}fam:${fid}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}uva:${userId}`;
  }

  async isRevoked(token: { jti: string; fid: string; sub: string; iat: number }): Promise<boolean> {
    const [blacklisted, family, validAfterMs] = await guarded(() =>
      this.redis.mget<unknown[]>(
        this.tokenKey(token.jti),
        this.familyKey(token.fid),
        this.userKey(token.sub),
      ),
    );
    if (blacklisted !== null || family !== null) return true;
    return validAfterMs !== null && token.iat * 1000 < Number(validAfterMs);
  }

  async invalidateUserTokens(userId: string, until: number): Promise<void> {
    await guarded(() => this.redis.set(this.userKey(userId), Date.now(), { exat: until }));
  }

  async revokeToken(jti: string, exp: number): Promise<void> {
    if (exp <= Math.floor(Date.now() / 1000)) return;
    await guarded(() => this.redis.set(this.tokenKey(jti), 1, { exat: exp }));
  }

  async markRefreshUsed(jti: string, exp: number): Promise<boolean> {
    const result = await guarded(() =>
      this.redis.set(this.tokenKey(jti), 1, { nx: true, exat: exp }),
    );
    return result === "OK";
  }

  async revokeFamily(familyId: string, until: number): Promise<void> {
    await guarded(() => this.redis.set(this.familyKey(familyId), 1, { exat: until }));
  }

  async ping(): Promise<void> {
    const pong = await guarded(() => this.redis.ping());
    if (pong !== "PONG")
      throw new DependencyError("redis", `unexpected PING reply ${String(pong)}`);
  }
}
