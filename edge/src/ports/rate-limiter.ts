export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix milliseconds when the window frees up. */
  reset: number;
}

export type RateLimitName = "login_ip" | "login_email" | "register" | "refresh" | "upload";

/** Sliding-window limits per name and key (Upstash Ratelimit in production). */
export interface RateLimiter {
  limit(name: RateLimitName, key: string): Promise<RateLimitVerdict>;
}
