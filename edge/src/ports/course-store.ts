import type {
  CourseFile,
  CourseRecord,
  CourseSection,
  CourseVisibility,
  EnrolmentRecord,
  InviteRecord,
} from "../domain/course.ts";

export interface PageCursor {
  createdAt: string;
  id: string;
}

export interface InviteListQuery {
  limit: number;
  /** The last invite of the previous page. */
  before?: PageCursor;
  liveAt?: string;
}

export interface CourseListQuery {
  /** Courses this user owns or co-teaches. */
  managerId?: string;
  /** Only these courses (a student's enrolments). */
  ids?: string[];
  visibility?: CourseVisibility;
  published?: boolean;
  limit: number;
  cursor?: PageCursor;
}

export type CourseChanges = Partial<
  Pick<
    CourseRecord,
    "title" | "description" | "coverFileId" | "visibility" | "published" | "coInstructorIds"
  >
>;

/** Courses (MongoDB `courses` through the Data API). */
export interface CourseStore {
  /** false when a course with its id exists already (nothing written). */
  create(course: CourseRecord): Promise<boolean>;
  get(id: string): Promise<CourseRecord | null>;
  /** Newest first, keyset-paginated on (createdAt, id). */
  list(query: CourseListQuery): Promise<CourseRecord[]>;
  findUnsorted(ownerId: string): Promise<CourseRecord | null>;
  update(id: string, changes: CourseChanges): Promise<boolean>;
  /** Replaces the outline only if nobody changed the course since `expectedUpdatedAt`. */
  replaceSections(
    id: string,
    sections: CourseSection[],
    expectedUpdatedAt: string,
  ): Promise<boolean>;
  addFile(id: string, file: CourseFile): Promise<boolean>;
  remove(id: string): Promise<void>;
}

/** Invite links (MongoDB `course_invites`). */
export interface InviteStore {
  create(invite: InviteRecord): Promise<void>;
  get(code: string): Promise<InviteRecord | null>;
  /** Newest first; `liveAt`: only those neither revoked nor expired at that time. */
  listForCourse(courseId: string, query: InviteListQuery): Promise<InviteRecord[]>;
  revoke(courseId: string, code: string, at: string): Promise<boolean>;
  /** Counts one use, only while the invite is unrevoked and under its limit. */
  claim(invite: InviteRecord): Promise<boolean>;
}

/** Enrolments (MongoDB `enrolments`). */
export interface EnrolmentStore {
  /** False when the student was already enrolled. */
  enrol(enrolment: EnrolmentRecord): Promise<boolean>;
  isEnrolled(courseId: string, studentId: string): Promise<boolean>;
  listStudents(courseId: string, limit: number, after?: PageCursor): Promise<EnrolmentRecord[]>;
  courseIdsOf(studentId: string, limit: number): Promise<string[]>;
  remove(courseId: string, studentId: string): Promise<boolean>;
}
