import type { VideoRecord } from "../domain/video.ts";

/**
 * How courses see the `videos` collection: which videos belong to a course, and
 * the one-off move of videos that predate courses.
 */
export interface LectureStore {
  /** Every non-deleted video of the course. */
  listByCourse(courseId: string, limit: number): Promise<VideoRecord[]>;
  /** Non-deleted videos with no course yet (those uploaded before courses existed). */
  listWithoutCourse(limit: number): Promise<VideoRecord[]>;
  /** Moves one (non-deleted) video into the course; false when there is no such video. */
  moveToCourse(videoId: string, courseId: string): Promise<boolean>;
  /** Puts the videos into the course, only those still without one. */
  assignCourse(videoIds: string[], courseId: string): Promise<number>;
}

/** Markers of one-off migrations (MongoDB `migrations`). */
export interface MigrationMarkers {
  has(name: string): Promise<boolean>;
  set(name: string, report: Record<string, unknown>): Promise<void>;
}
