/**
 * The audience model: a course groups lectures (videos) and decides who may
 * watch them. Stored in MongoDB (`courses`, `course_invites`, `enrolments`)
 * through the Data API, with string ids and ISO dates.
 */
export const COURSE_VISIBILITIES = ["private", "public"] as const;
export type CourseVisibility = (typeof COURSE_VISIBILITIES)[number];

/** The title of the per-owner course that catches videos uploaded without a course. */
export const UNSORTED_TITLE = "Unsorted";

export interface CourseSection {
  id: string;
  title: string;
  /** Video ids, in the order students see them. */
  lectureIds: string[];
}

export const COURSE_FILE_KINDS = ["pdf", "image", "slides"] as const;
export type CourseFileKind = (typeof COURSE_FILE_KINDS)[number];

/** A file of the course (PDF, slides, the cover image); lecture files stay on the video. */
export interface CourseFile {
  id: string;
  kind: CourseFileKind;
  filename: string;
  size: number;
  contentType: string;
  key: string;
  createdAt: string;
}

export interface CourseRecord {
  _id: string;
  ownerId: string;
  coInstructorIds: string[];
  title: string;
  description: string;
  /** A course file of kind `image`, or null. */
  coverFileId: string | null;
  visibility: CourseVisibility;
  /** Drafts (false) are visible to their instructors only. */
  published: boolean;
  /** The owner's catch-all course for videos uploaded without `courseId`. */
  unsorted: boolean;
  sections: CourseSection[];
  files: CourseFile[];
  createdAt: string;
  updatedAt: string;
}

/** An invite link: whoever holds the code may enrol, while it is valid. */
export interface InviteRecord {
  /** The random code itself. */
  _id: string;
  courseId: string;
  createdBy: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  createdAt: string;
}

export interface EnrolmentRecord {
  /** `<courseId>:<studentId>`: one enrolment per pair, enforced by the key. */
  _id: string;
  courseId: string;
  studentId: string;
  /** The invite code used, or null for a self-enrolment in a public course. */
  inviteCode: string | null;
  enrolledAt: string;
}

export function enrolmentId(courseId: string, studentId: string): string {
  return `${courseId}:${studentId}`;
}

/** Where a lecture's watcher stands; `completed` sticks once reached. */
export interface LectureProgress {
  position: number;
  duration: number;
  completed: boolean;
  updatedAt: string;
}

/** Watched this share of a lecture (or more): completed. */
export const COMPLETION_RATIO = 0.9;
