import { isWatchable } from "@coursecast/shared";
import type { VideoRecord } from "../domain/video.ts";
import { playability } from "../videos/video-views.ts";
import type { Access } from "./access.ts";
import type { CourseRecord } from "../domain/course.ts";
import type { OutlineSection } from "./outline.ts";

function toLectureView(video: VideoRecord) {
  return {
    id: video._id,
    title: video.title,
    description: video.description,
    state: video.state,
    playable: playability(video).playable,
    ...(video.durationSeconds ? { durationSeconds: video.durationSeconds } : {}),
    attachments: video.attachments
      .filter((attachment) => attachment.kind === "pdf")
      .map(({ id, kind, filename, size }) => ({ id, kind, filename, size })),
  };
}

/**
 * What a caller sees of a course: managers also see its people and every
 * lecture; viewers only watchable (ready or playable) lectures and no other person's ids.
 */
export function toCourseView(course: CourseRecord, access: Access, outline?: OutlineSection[]) {
  return {
    id: course._id,
    title: course.title,
    description: course.description,
    visibility: course.visibility,
    published: course.published,
    unsorted: course.unsorted,
    coverFileId: course.coverFileId,
    access,
    ...(access === "manage"
      ? { ownerId: course.ownerId, coInstructorIds: course.coInstructorIds }
      : {}),
    files: course.files.map(({ id, kind, filename, size, contentType, createdAt }) => ({
      id,
      kind,
      filename,
      size,
      contentType,
      createdAt,
    })),
    ...(outline
      ? {
          sections: outline.map((section) => ({
            id: section.id,
            title: section.title,
            lectures: section.lectures
              .filter(
                (video) => access === "manage" || isWatchable(video.state, video.playable ?? false),
              )
              .map(toLectureView),
          })),
        }
      : {}),
    createdAt: course.createdAt,
    updatedAt: course.updatedAt,
  };
}

export type CourseView = ReturnType<typeof toCourseView>;
