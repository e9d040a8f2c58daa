import { DataApiClient } from "./adapters/data-api-client.ts";
import { DataApiUserStore } from "./adapters/data-api-user-store.ts";
import { DataApiVideoStore } from "./adapters/data-api-video-store.ts";
import { DataApiCourseStore } from "./adapters/data-api-course-store.ts";
import { DataApiEnrolmentStore } from "./adapters/data-api-enrolment-store.ts";
import { DataApiInviteStore } from "./adapters/data-api-invite-store.ts";
import { DataApiLectureStore, DataApiMigrationMarkers } from "./adapters/data-api-lecture-store.ts";
import { UpstashWatchProgress } from "./adapters/upstash-watch-progress.ts";
import { RabbitHttpClient } from "./adapters/rabbitmq-http-client.ts";
import { RabbitJobQueue } from "./adapters/rabbitmq-job-queue.ts";
import { S3Bucket } from "./adapters/s3-client.ts";
import { S3ObjectStore } from "./adapters/s3-object-store.ts";
import { UpstashRateLimiter } from "./adapters/upstash-rate-limiter.ts";
import { createRedis } from "./adapters/upstash-redis.ts";
import { UpstashTokenRevocations } from "./adapters/upstash-token-revocations.ts";
import { WorkersMailer } from "./adapters/workers-mailer.ts";
import { HttpOutboxMailer } from "./adapters/http-outbox-mailer.ts";
import { UpstashOneTimeTokens } from "./adapters/upstash-one-time-tokens.ts";
import { WorkersTextCache } from "./adapters/workers-text-cache.ts";
import { loadConfig } from "./config.ts";
import type { Services } from "./ports/services.ts";

export type { Services } from "./ports/services.ts";

const cache = new WeakMap<object, Services>();

/**
 * The composition root: each adapter built once per isolate from the bindings,
 * handed out as ports only.
 */
export function getServices(env: Env): Services {
  const cached = cache.get(env);
  if (cached) return cached;
  const config = loadConfig(env);
  const redis = createRedis(config);
  const dataApi = new DataApiClient(config);
  const rabbit = new RabbitHttpClient(config);
  const services: Services = {
    config,
    users: new DataApiUserStore(dataApi),
    revocations: new UpstashTokenRevocations(redis, config.REDIS_KEY_PREFIX),
    oneTimeTokens: new UpstashOneTimeTokens(redis, config.REDIS_KEY_PREFIX),
    rateLimiter: new UpstashRateLimiter(redis, config),
    videos: new DataApiVideoStore(dataApi),
    objects: new S3ObjectStore(new S3Bucket(config)),
    jobs: new RabbitJobQueue(rabbit, config.RABBITMQ_EXCHANGE, config.RABBITMQ_ROUTING_KEY),
    // The dev stack's outbox when configured (development only), else the `send_email` binding.
    mailer: config.MAIL_OUTBOX_URL
      ? new HttpOutboxMailer(config.MAIL_OUTBOX_URL, config.EMAIL_FROM)
      : new WorkersMailer(env.EMAIL, config.EMAIL_FROM),
    playlists: new WorkersTextCache(),
    courses: new DataApiCourseStore(dataApi),
    invites: new DataApiInviteStore(dataApi),
    enrolments: new DataApiEnrolmentStore(dataApi),
    lectures: new DataApiLectureStore(dataApi),
    migrations: new DataApiMigrationMarkers(dataApi),
    watchProgress: new UpstashWatchProgress(redis, config.REDIS_KEY_PREFIX),
  };
  cache.set(env, services);
  return services;
}
