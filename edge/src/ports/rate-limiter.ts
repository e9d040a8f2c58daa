export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix milliseconds when the window frees up. */
  reset: number;
}

export type RateLimitName =
  | "login_ip"
  | "login_email"
  | "login_pair"
  | "register"
  | "register_global"
  | "refresh"
  | "upload"
  | "verify_resend"
  | "account_mail_ip"
  | "forgot_email";

/** Sliding-window limits per name and key (Upstash Ratelimit in production). */
export interface RateLimiter {
  /** Counts one request and answers whether it is within the limit. */
  limit(name: RateLimitName, key: string): Promise<RateLimitVerdict>;
  /** Whether one more would be within the limit, counting nothing (failures are counted after). */
  peek(name: RateLimitName, key: string): Promise<RateLimitVerdict>;
}
