import type { LectureProgress } from "../domain/course.ts";

/** Watch progress per (student, lecture): one cheap write per save. */
export interface WatchProgressStore {
  /** `completed` only ever goes from false to true: a later rewind keeps it. */
  save(studentId: string, videoId: string, progress: LectureProgress): Promise<void>;
  get(studentId: string, videoId: string): Promise<LectureProgress | null>;
  /** One entry per video, in order; null where nothing was saved. */
  getMany(studentId: string, videoIds: string[]): Promise<(LectureProgress | null)[]>;
  /** Per video, the ids of students who completed it. */
  completedBy(videoIds: string[]): Promise<Map<string, string[]>>;
}
