import type { VideoRecord } from "../domain/video.ts";
import type { CourseRecord, CourseSection } from "../domain/course.ts";

export interface OutlineSection {
  id: string;
  title: string;
  lectures: VideoRecord[];
}

/**
 * The course's sections with their videos in order. New uploads are listed by no
 * section until an instructor orders them: they follow at the end of the last
 * section, oldest first (so an upload costs no course write). Ids of videos gone
 * from the course are dropped.
 */
export function buildOutline(course: CourseRecord, videos: VideoRecord[]): OutlineSection[] {
  const byId = new Map(videos.map((video) => [video._id, video]));
  const placed = new Set<string>();
  const sections = course.sections.map((section) => ({
    id: section.id,
    title: section.title,
    lectures: section.lectureIds.flatMap((id) => {
      const video = byId.get(id);
      if (!video || placed.has(id)) return [];
      placed.add(id);
      return [video];
    }),
  }));
  const unplaced = videos.filter((video) => !placed.has(video._id));
  if (unplaced.length > 0) {
    if (sections.length === 0) sections.push({ id: "lectures", title: "Lectures", lectures: [] });
    sections.at(-1)!.lectures.push(...unplaced);
  }
  return sections;
}

/** The stored form of an outline. */
export function toSections(outline: OutlineSection[]): CourseSection[] {
  return outline.map(({ id, title, lectures }) => ({
    id,
    title,
    lectureIds: lectures.map((video) => video._id),
  }));
}
