import type { Redis } from "@upstash/redis/cloudflare";
import { DataApiClient } from "./adapters/data-api-client.ts";
import { RabbitHttpClient } from "./adapters/rabbitmq-http-client.ts";
import { S3Bucket } from "./adapters/s3-client.ts";
import { DataApiUserStore } from "./adapters/data-api-user-store.ts";
import { DataApiVideoStore } from "./adapters/data-api-video-store.ts";
import { DataApiCourseStore } from "./adapters/data-api-course-store.ts";
import { DataApiEnrolmentStore } from "./adapters/data-api-enrolment-store.ts";
import { DataApiInviteStore } from "./adapters/data-api-invite-store.ts";
import { DataApiLectureStore, DataApiMigrationMarkers } from "./adapters/data-api-lecture-store.ts";
import { UpstashWatchProgress } from "./adapters/upstash-watch-progress.ts";
import { RabbitJobQueue } from "./adapters/rabbitmq-job-queue.ts";
import { S3ObjectStore } from "./adapters/s3-object-store.ts";
import { UpstashRateLimiter } from "./adapters/upstash-rate-limiter.ts";
import { createRedis } from "./adapters/upstash-redis.ts";
import { UpstashTokenRevocations } from "./adapters/upstash-token-revocations.ts";
import { WorkersTextCache } from "./adapters/workers-text-cache.ts";
import { loadConfig, type Config } from "./config.ts";
import type { JobQueue } from "./ports/job-queue.ts";
import type { ObjectStore } from "./ports/object-store.ts";
import type { RateLimiter } from "./ports/rate-limiter.ts";
import type { TextCache } from "./ports/text-cache.ts";
import type { VideoStore } from "./ports/video-store.ts";
import type { TokenRevocations } from "./ports/token-revocations.ts";
import type { UserStore } from "./ports/user-store.ts";
import type { CourseStore, EnrolmentStore, InviteStore } from "./ports/course-store.ts";
import type { LectureStore, MigrationMarkers } from "./ports/lecture-store.ts";
import type { WatchProgressStore } from "./ports/watch-progress.ts";

/**
 * The composition root: backend clients built once per isolate from the
 * bindings. Domain modules build their ports (user store, blacklist, object
 * store, job queue…) on top of these clients; handlers never see HTTP details.
 */
export interface Services {
  config: Config;
  env: Env;
  redis: Redis;
  dataApi: DataApiClient;
  s3: S3Bucket;
  rabbit: RabbitHttpClient;
  users: UserStore;
  revocations: TokenRevocations;
  rateLimiter: RateLimiter;
  videos: VideoStore;
  objects: ObjectStore;
  jobs: JobQueue;
  /** Rewritten variant playlists, so a long video's segments are not presigned per viewer. */
  playlists: TextCache;
  courses: CourseStore;
  invites: InviteStore;
  enrolments: EnrolmentStore;
  lectures: LectureStore;
  migrations: MigrationMarkers;
  watchProgress: WatchProgressStore;
}

const cache = new WeakMap<object, Services>();

export function getServices(env: Env): Services {
  const cached = cache.get(env);
  if (cached) return cached;
  const config = loadConfig(env);
  const redis = createRedis(config);
  const dataApi = new DataApiClient(config);
  const s3 = new S3Bucket(config);
  const rabbit = new RabbitHttpClient(config);
  const services: Services = {
    config,
    env,
    redis,
    dataApi,
    s3,
    rabbit,
    users: new DataApiUserStore(dataApi),
    revocations: new UpstashTokenRevocations(redis, config.REDIS_KEY_PREFIX),
    rateLimiter: new UpstashRateLimiter(redis, config),
    videos: new DataApiVideoStore(dataApi),
    objects: new S3ObjectStore(s3),
    jobs: new RabbitJobQueue(rabbit, config.RABBITMQ_EXCHANGE, config.RABBITMQ_ROUTING_KEY),
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
