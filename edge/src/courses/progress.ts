import { isWatchable } from "@coursecast/shared";
import type { Services } from "../ports/services.ts";
import type { Viewer } from "./access.ts";
import { COMPLETION_RATIO, type CourseRecord, type LectureProgress } from "../domain/course.ts";
import { loadOutline } from "./course-outline.ts";
import { MAX_STUDENTS } from "./students.ts";

const NO_PROGRESS = { position: 0, duration: 0, completed: false, updatedAt: null };

/** One write: where the viewer is, and whether this position completes the lecture. */
export async function saveProgress(
  services: Services,
  viewer: Viewer,
  videoId: string,
  input: { position: number; duration: number },
): Promise<LectureProgress> {
  const position = Math.min(input.position, input.duration);
  const progress: LectureProgress = {
    position,
    duration: input.duration,
    completed: position >= input.duration * COMPLETION_RATIO,
    updatedAt: new Date().toISOString(),
  };
  await services.watchProgress.save(viewer.id, videoId, progress);
  return progress;
}

export async function readProgress(services: Services, viewer: Viewer, videoId: string) {
  return (await services.watchProgress.get(viewer.id, videoId)) ?? NO_PROGRESS;
}

/** The lectures a viewer of the course can watch, in course order. */
async function watchableLectures(services: Services, course: CourseRecord) {
  const outline = await loadOutline(services, course);
  return outline
    .flatMap((section) => section.lectures)
    .filter((v) => isWatchable(v.state, v.playable ?? false));
}

export async function courseProgress(services: Services, viewer: Viewer, course: CourseRecord) {
  const lectures = await watchableLectures(services, course);
  const saved = await services.watchProgress.getMany(
    viewer.id,
    lectures.map((video) => video._id),
  );
  const items = lectures.map((video, i) => ({ id: video._id, ...(saved[i] ?? NO_PROGRESS) }));
  return {
    completed: items.filter((item) => item.completed).length,
    total: items.length,
    lectures: items,
  };
}

/** Per lecture, how many of the currently enrolled students completed it. */
export async function lectureCompletions(services: Services, course: CourseRecord) {
  const lectures = await watchableLectures(services, course);
  const enrolled = new Set(
    (await services.enrolments.listStudents(course._id, MAX_STUDENTS)).map((e) => e.studentId),
  );
  const completedBy = await services.watchProgress.completedBy(lectures.map((v) => v._id));
  return {
    students: enrolled.size,
    lectures: lectures.map((video) => ({
      id: video._id,
      title: video.title,
      completed: (completedBy.get(video._id) ?? []).filter((id) => enrolled.has(id)).length,
    })),
  };
}
