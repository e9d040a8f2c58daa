import { tmpdir } from "node:os";
import { DEFAULT_LADDER, QUEUE, RungSchema } from "@coursecast/shared";
import { z } from "zod";
import { TOP_RUNG_POLICIES } from "./pipeline/top-rung-choice.ts";

const ConfigSchema = z.object({
  AMQP_URL: z.string().default("amqp://guest:guest@127.0.0.1:5672"),
  S3_ENDPOINT: z.url(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  WEBHOOK_SECRET: z.string().min(16),
  /** The edge's public URL: jobs whose webhook URL is not under it are refused. */
  EDGE_URL: z.url(),
  CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  LADDER: z
    .string()
    .optional()
    .transform((v) => (v ? z.array(RungSchema).parse(JSON.parse(v)) : undefined)),
  TMP_DIR: z.string().default(tmpdir()),
  MAX_DURATION_SECONDS: z.coerce
    .number()
    .positive()
    .default(4 * 3600),
  /** Refuse a job when free disk is below this multiple of the source size. */
  DISK_HEADROOM_FACTOR: z.coerce.number().positive().default(3),
  QUEUE_EXCHANGE: z.string().default(QUEUE.exchange),
  QUEUE_NAME: z.string().default(QUEUE.transcode),
  QUEUE_ROUTING_KEY: z.string().default(QUEUE.routingKey),
  QUEUE_DLX: z.string().default(QUEUE.deadLetterExchange),
  QUEUE_DEAD: z.string().default(QUEUE.dead),
  /** How long webhooks are retried before the job is handed back (ms). */
  WEBHOOK_RETRY_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60 * 1000),
  FFMPEG_PRESET: z.string().default("veryfast"),
  /**
   * `auto`: an eligible source's video is the top rung (stream copy) only when a short
   * analysis finds an encode would keep at least 60 % of its bits; `copy`: whenever
   * eligible, as before (less encode time, more bytes). See top-rung-choice.ts.
   */
  TOP_RUNG: z.enum(TOP_RUNG_POLICIES).default("auto"),
  /**
   * A source whose first rung must be encoded (HEVC, VP9, a phone's rotated video…) is
   * made playable on its ladder when the ladder gets ahead of a viewer by itself within
   * this many seconds; only otherwise is a fast low preview encoded beside it (a second
   * decode of the source), started sooner once the ladder's pace shows it will not make
   * it (ladder-pace.ts). 0: the preview at once.
   */
  PREVIEW_AFTER_SECONDS: z.coerce.number().min(0).default(10),
  /**
   * How long (ms) a copied first rung waits for the top-rung analysis to name it before
   * it goes up as the preview (then it goes up under the top rung's name too if the
   * analysis picks the copy). See stream-job.ts.
   */
  COPY_WAITS_FOR_NAME_MS: z.coerce.number().min(0).default(1000),
  /**
   * The broker's consumer timeout (RabbitMQ's default 30 min). A job still running at
   * half of it is acked early and held as a lease: see README "Long jobs".
   */
  CONSUMER_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 60 * 1000),
});

export type WorkerConfig = z.infer<typeof ConfigSchema> & { ladder: typeof DEFAULT_LADDER };

export function loadWorkerConfig(
  env: Record<string, string | undefined> = process.env,
): WorkerConfig {
  const parsed = ConfigSchema.parse(env);
  return { ...parsed, ladder: parsed.LADDER ?? DEFAULT_LADDER };
}
