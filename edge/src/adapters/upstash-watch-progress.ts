import type { Redis } from "@upstash/redis/cloudflare";
import type { LectureProgress } from "../domain/course.ts";
import { DependencyError } from "../errors.ts";
import type { WatchProgressStore } from "../ports/watch-progress.ts";

/** Progress outlives any course run; refreshed on every save. */
const TTL_SECONDS = 400 * 24 * 3600;

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    throw new DependencyError("redis", cause instanceof Error ? cause.message : "unavailable", {
      cause,
    });
  }
}

type StoredProgress = Partial<Record<"p" | "d" | "t" | "c", string | number>>;

function parse(stored: StoredProgress | null): LectureProgress | null {
  if (!stored || stored.p === undefined) return null;
  return {
    position: Number(stored.p),
    duration: Number(stored.d ?? 0),
    completed: stored.c !== undefined,
    updatedAt: String(stored.t ?? ""),
  };
}

/**
 * A hash per (student, lecture) and, once completed, the student in the
 * lecture's completion set: one pipelined request to Upstash per save.
 */
export class UpstashWatchProgress implements WatchProgressStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix = "") {
    this.redis = redis;
    this.prefix = prefix;
  }

  private progressKey(studentId: string, videoId: string): string {
    return `${this.prefix}wp:${videoId}:${studentId}`;
  }

  private completedKey(videoId: string): string {
    return `${this.prefix}wpdone:${videoId}`;
  }

  async save(studentId: string, videoId: string, progress: LectureProgress): Promise<void> {
    const key = this.progressKey(studentId, videoId);
    const fields: StoredProgress = {
      p: progress.position,
      d: progress.duration,
      t: progress.updatedAt,
    };
    if (progress.completed) fields.c = 1;
    const pipeline = this.redis.pipeline().hset(key, fields).expire(key, TTL_SECONDS);
    if (progress.completed) pipeline.sadd(this.completedKey(videoId), studentId);
    await guarded(() => pipeline.exec());
  }

  async get(studentId: string, videoId: string): Promise<LectureProgress | null> {
    return parse(
      await guarded(() => this.redis.hgetall<StoredProgress>(this.progressKey(studentId, videoId))),
    );
  }

  async getMany(studentId: string, videoIds: string[]): Promise<(LectureProgress | null)[]> {
    if (videoIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const videoId of videoIds) pipeline.hgetall(this.progressKey(studentId, videoId));
    const results = await guarded(() => pipeline.exec<(StoredProgress | null)[]>());
    return results.map(parse);
  }

  async completedBy(videoIds: string[]): Promise<Map<string, string[]>> {
    const completed = new Map<string, string[]>();
    if (videoIds.length === 0) return completed;
    const pipeline = this.redis.pipeline();
    for (const videoId of videoIds) pipeline.smembers(this.completedKey(videoId));
    const results = await guarded(() => pipeline.exec<string[][]>());
    videoIds.forEach((videoId, i) => completed.set(videoId, results[i] ?? []));
    return completed;
  }
}
