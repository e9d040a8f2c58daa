import type { VideoState } from "@coursecast/shared";
import type { VideoRecord } from "../videos/video.ts";

export interface VideoListQuery {
  ownerId?: string;
  /** Only lectures of these courses. */
  courseIds?: string[];
  states?: VideoState[];
  limit: number;
  cursor?: { createdAt: string; id: string };
}

/**
 * Video metadata (MongoDB `videos` through the Data API). Every state change is
 * a conditional update on the current state, decided by the shared state machine.
 */
export interface VideoStore {
  create(video: VideoRecord): Promise<void>;
  get(id: string): Promise<VideoRecord | null>;
  list(query: VideoListQuery): Promise<VideoRecord[]>;
  /** Moves to `to` from any state allowed to lead there; false when the video was not in one. */
  transition(
    id: string,
    to: VideoState,
    set?: Partial<VideoRecord>,
    onlyFrom?: VideoState[],
  ): Promise<boolean>;
  /** A conditional update: applied only when the filter still matches. */
  updateWhere(
    id: string,
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Videos in the states, not updated since `before` (ISO), oldest first. */
  findStale(states: VideoState[], before: string, limit: number): Promise<VideoRecord[]>;
}
