import { z } from "zod";
import { AppError } from "./errors.ts";

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** "true"/"false" (wrangler vars are strings); anything else is a configuration error. */
const flag = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true");

const MiB = 1024 * 1024;

/** The dev mail outbox must be local: links in clear text to a remote host would leak accounts. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Everything the Worker reads from its bindings, parsed once per isolate. */
const ConfigSchema = z.object({
  PUBLIC_URL: z.url(),
  CORS_ORIGINS: csv(""),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  JWT_PRIVATE_JWKS: z.string().min(1),
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds(14 * 24 * 3600),
  ADMIN_BOOTSTRAP_EMAIL: z.string().optional(),
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  DATA_API_URL: z.url(),
  DATA_API_KEY: z.string().min(1),
  DATA_API_DATA_SOURCE: z.string().min(1),
  DATA_API_DATABASE: z.string().min(1),
  S3_ENDPOINT: z.url(),
  S3_REGION: z.string().min(1),
  S3_BUCKET: z.string().min(1),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  RABBITMQ_API_URL: z.url(),
  RABBITMQ_VHOST: z.string().min(1),
  RABBITMQ_API_USER: z.string().min(1),
  RABBITMQ_API_PASSWORD: z.string().min(1),
  /** Where jobs are published; tests use their own exchange so runs never collide. */
  RABBITMQ_EXCHANGE: z.string().min(1).default("coursecast"),
  RABBITMQ_ROUTING_KEY: z.string().min(1).default("transcode"),
  WEBHOOK_SECRET: z.string().min(16),
  /** During a rotation only: still accepted for webhooks and playback tokens, never used to sign. */
  WEBHOOK_SECRET_PREVIOUS: z.string().min(16).optional(),
  EMAIL_FROM: z.string().min(3),
  /**
   * Development only: mail is POSTed to this local outbox (the dev stack's mail capture,
   * which logs each message) instead of the `send_email` binding. Never set when deployed.
   */
  MAIL_OUTBOX_URL: z
    .url()
    .refine((url) => LOOPBACK_HOSTS.has(new URL(url).hostname), "must be a loopback address")
    .optional(),
  /** Instructors (and admins) must have verified their e-mail address before starting an upload. */
  REQUIRE_VERIFIED_UPLOADERS: flag(false),
  /** Lifetime of an e-mail verification link. */
  EMAIL_VERIFICATION_TTL_SECONDS: seconds(24 * 3600),
  /** Lifetime of a password reset link. */
  PASSWORD_RESET_TTL_SECONDS: seconds(30 * 60),
  // Upload limits (documented in the README).
  MAX_UPLOAD_BYTES: bytes(10 * 1024 * MiB),
  SINGLE_UPLOAD_MAX_BYTES: bytes(100 * MiB),
  /** The most parts a multipart upload may have (S3's own maximum is 10,000). */
  MAX_UPLOAD_PARTS: z.coerce.number().int().min(1).max(10_000).default(10_000),
  // Audio-only lectures are accepted too: the transcoder shows them with a waveform.
  ALLOWED_VIDEO_TYPES: csv(
    "video/mp4,video/quicktime,video/webm,video/x-matroska,video/mpeg,audio/mp4,audio/mpeg,audio/x-m4a",
  ),
  UPLOAD_URL_TTL_SECONDS: seconds(3600),
  UPLOAD_DEADLINE_SECONDS: seconds(24 * 3600),
  PLAYBACK_URL_TTL_SECONDS: seconds(3600),
  MAX_ATTACHMENT_BYTES: bytes(50 * MiB),
  MAX_ATTACHMENTS_PER_VIDEO: z.coerce.number().int().positive().default(20),
  MAX_ATTACHMENT_TOTAL_BYTES: bytes(200 * MiB),
  /** A video `uploaded`/`queued` this long without progress is republished by the sweeper. */
  STUCK_JOB_SECONDS: seconds(15 * 60),
  /**
   * How long renditions served while processing but left out of the final ladder are
   * kept after `ready`: a viewer who opened the growing master may still be reading them.
   */
  SUPERSEDED_GRACE_SECONDS: seconds(6 * 3600),
  // Rate limits, "N/<window>" with s, m or h (documented in the README).
  RATE_LIMIT_LOGIN_IP: z.string().default("30/60s"),
  /** Failed logins per e-mail from one client, before that client is slowed down on it. */
  RATE_LIMIT_LOGIN_PAIR: z.string().default("5/15m"),
  /** Failed logins per e-mail from all clients together, before the e-mail is blocked outright. */
  RATE_LIMIT_LOGIN_EMAIL: z.string().default("50/15m"),
  RATE_LIMIT_REGISTER: z.string().default("10/60m"),
  /** Registrations from all clients together. */
  RATE_LIMIT_REGISTER_GLOBAL: z.string().default("300/60m"),
  RATE_LIMIT_REFRESH: z.string().default("60/60s"),
  /** Verification e-mails a signed-in user may ask for again. */
  RATE_LIMIT_VERIFY_RESEND: z.string().default("3/60m"),
  /** Verification resends and password-reset requests from one client, together. */
  RATE_LIMIT_ACCOUNT_MAIL_IP: z.string().default("20/60m"),
  /** Password-reset requests for one address, from all clients together. */
  RATE_LIMIT_FORGOT_EMAIL: z.string().default("3/60m"),
  RATE_LIMIT_UPLOAD: z.string().default("60/60m"),
  /** Prepended to every Redis key (blacklist, refresh families, rate limits): one Redis, several deployments. */
  REDIS_KEY_PREFIX: z.string().max(64).default(""),
  /** Timeout for one call to a backend (Redis, Data API, S3, RabbitMQ). */
  BACKEND_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});

export type Config = z.infer<typeof ConfigSchema>;

const cache = new WeakMap<object, Config>();

export function loadConfig(env: object): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new AppError("misconfigured", `Worker configuration is invalid: ${fields}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}

/** The secrets a webhook signature or playback token may carry: the current one first. */
export function acceptedWebhookSecrets(config: Config): string[] {
  return config.WEBHOOK_SECRET_PREVIOUS
    ? [config.WEBHOOK_SECRET, config.WEBHOOK_SECRET_PREVIOUS]
    : [config.WEBHOOK_SECRET];
}
