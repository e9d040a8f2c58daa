import type { Config } from "../config.ts";
import type { CourseStore, EnrolmentStore, InviteStore } from "./course-store.ts";
import type { JobQueue } from "./job-queue.ts";
import type { LectureStore, MigrationMarkers } from "./lecture-store.ts";
import type { Mailer } from "./mailer.ts";
import type { ObjectStore } from "./object-store.ts";
import type { OneTimeTokens } from "./one-time-tokens.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { TextCache } from "./text-cache.ts";
import type { TokenRevocations } from "./token-revocations.ts";
import type { UserStore } from "./user-store.ts";
import type { VideoStore } from "./video-store.ts";
import type { WatchProgressStore } from "./watch-progress.ts";

/**
 * What a handler or use case may use: the settings and one port per backend.
 * No bindings and no backend clients: only adapters know Redis, the Data API,
 * S3, RabbitMQ or the e-mail binding.
 */
export interface Services {
  config: Config;
  users: UserStore;
  revocations: TokenRevocations;
  /** Single-use secrets of e-mailed links (verification, password reset). */
  oneTimeTokens: OneTimeTokens;
  rateLimiter: RateLimiter;
  videos: VideoStore;
  objects: ObjectStore;
  jobs: JobQueue;
  mailer: Mailer;
  /** Rewritten variant playlists, so a long video's segments are not presigned per viewer. */
  playlists: TextCache;
  courses: CourseStore;
  invites: InviteStore;
  enrolments: EnrolmentStore;
  lectures: LectureStore;
  migrations: MigrationMarkers;
  watchProgress: WatchProgressStore;
}
