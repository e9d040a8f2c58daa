import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../config.ts";
import { DependencyError } from "../errors.ts";
import type { RateLimiter, RateLimitName, RateLimitVerdict } from "../ports/rate-limiter.ts";

type Duration = Parameters<typeof Ratelimit.slidingWindow>[1];

/** `"10/60s"` → 10 requests per 60 seconds. */
function parseRule(rule: string): { tokens: number; window: Duration } {
  const match = /^(\d+)\/(\d+)\s*(s|m|h)$/.exec(rule.trim());
  if (!match) throw new Error(`rate limit rule ${rule} is not of the form N/<number>(s|m|h)`);
  return { tokens: Number(match[1]), window: `${match[2]} ${match[3]}` as Duration };
}

export class UpstashRateLimiter implements RateLimiter {
  private readonly limiters: Record<RateLimitName, Ratelimit>;

  constructor(redis: Redis, config: Config) {
    const make = (name: RateLimitName, rule: string) => {
      const { tokens, window } = parseRule(rule);
      return new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(tokens, window),
        prefix: `${config.REDIS_KEY_PREFIX}rl:${name}`,
        analytics: false,
      });
    };
    this.limiters = {
      login_ip: make("login_ip", config.RATE_LIMIT_LOGIN_IP),
      login_email: make("login_email", config.RATE_LIMIT_LOGIN_EMAIL),
      login_pair: make("login_pair", config.RATE_LIMIT_LOGIN_PAIR),
      register: make("register", config.RATE_LIMIT_REGISTER),
      register_global: make("register_global", config.RATE_LIMIT_REGISTER_GLOBAL),
      refresh: make("refresh", config.RATE_LIMIT_REFRESH),
      upload: make("upload", config.RATE_LIMIT_UPLOAD),
      verify_resend: make("verify_resend", config.RATE_LIMIT_VERIFY_RESEND),
      account_mail_ip: make("account_mail_ip", config.RATE_LIMIT_ACCOUNT_MAIL_IP),
      forgot_email: make("forgot_email", config.RATE_LIMIT_FORGOT_EMAIL),
    };
  }

  async limit(name: RateLimitName, key: string): Promise<RateLimitVerdict> {
    try {
      const result = await this.limiters[name].limit(key);
      return {
        allowed: result.success,
        limit: result.limit,
        remaining: result.remaining,
        reset: result.reset,
      };
    } catch (cause) {
      throw new DependencyError("redis", "rate limit check failed", { cause });
    }
  }

  async peek(name: RateLimitName, key: string): Promise<RateLimitVerdict> {
    try {
      const result = await this.limiters[name].getRemaining(key);
      return {
        allowed: result.remaining > 0,
        limit: result.limit,
        remaining: result.remaining,
        reset: result.reset,
      };
    } catch (cause) {
      throw new DependencyError("redis", "rate limit check failed", { cause });
    }
  }
}
