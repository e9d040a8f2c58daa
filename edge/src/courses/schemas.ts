import { z } from "@hono/zod-openapi";
import { VIDEO_STATES } from "@coursecast/shared";
import { COURSE_FILE_KINDS, COURSE_VISIBILITIES } from "../domain/course.ts";

export const CourseIdParams = z.object({ id: z.uuid() });

export const NewCourseSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    visibility: z.enum(COURSE_VISIBILITIES).optional(),
    published: z.boolean().optional(),
  })
  .openapi("NewCourse");

export const CourseChangesSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    visibility: z.enum(COURSE_VISIBILITIES).optional(),
    published: z.boolean().optional(),
    coverFileId: z.uuid().nullable().optional(),
    coInstructorIds: z.array(z.uuid()).max(20).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: "nothing to change" })
  .openapi("CourseChanges");

export const CourseListQuerySchema = z.object({
  scope: z.enum(["teaching", "learning", "catalog"]).optional().openapi({
    description:
      "teaching: courses you own or co-teach (default for instructors); learning: courses you are enrolled in (default for students); catalog: public published courses",
  }),
  visibility: z.enum(COURSE_VISIBILITIES).optional(),
  published: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const OutlineSchema = z
  .object({
    sections: z
      .array(
        z.object({
          id: z.uuid().optional(),
          title: z.string().trim().min(1).max(200),
          lectureIds: z.array(z.uuid()).max(2000),
        }),
      )
      .min(1)
      .max(200),
  })
  .openapi("CourseOutline");

export const NewCourseFileSchema = z
  .object({
    kind: z.enum(COURSE_FILE_KINDS),
    filename: z.string().trim().min(1).max(255),
    size: z.number().int().positive(),
    contentType: z.string().min(3).max(100),
  })
  .openapi("NewCourseFile");

export const CourseFileSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(COURSE_FILE_KINDS),
  filename: z.string(),
  size: z.number(),
  contentType: z.string(),
  createdAt: z.string(),
});

const LectureSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  state: z.enum(VIDEO_STATES),
  /** Watchable now: ready, or still processing with the first qualities done. */
  playable: z.boolean(),
  durationSeconds: z.number().optional(),
  attachments: z.array(
    z.strictObject({ id: z.string(), kind: z.string(), filename: z.string(), size: z.number() }),
  ),
});

export const CourseSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    visibility: z.enum(COURSE_VISIBILITIES),
    published: z.boolean(),
    unsorted: z.boolean(),
    coverFileId: z.string().nullable(),
    access: z.enum(["manage", "view"]),
    /** Managers only: a viewer never sees other people's ids. */
    ownerId: z.string().optional(),
    coInstructorIds: z.array(z.string()).optional(),
    files: z.array(CourseFileSchema),
    sections: z
      .array(
        z.strictObject({ id: z.string(), title: z.string(), lectures: z.array(LectureSchema) }),
      )
      .optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Course");

export const NewInviteSchema = z
  .object({
    expiresInSeconds: z
      .number()
      .int()
      .min(60)
      .max(365 * 24 * 3600)
      .optional(),
    maxUses: z.number().int().min(1).max(100_000).optional(),
  })
  .openapi("NewInvite");

export const InviteSchema = z
  .strictObject({
    code: z.string(),
    url: z.string(),
    expiresAt: z.string().nullable(),
    maxUses: z.number().nullable(),
    uses: z.number(),
    revoked: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Invite");

export const InviteCodeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

export const EnrolSchema = z
  .object({ code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) })
  .openapi("Enrol");

export const StudentSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    enrolledAt: z.string(),
    completed: z.number(),
  })
  .openapi("Student");

export const ProgressInputSchema = z
  .object({
    position: z.number().min(0).max(1e7),
    duration: z.number().positive().max(1e7),
  })
  .openapi("ProgressInput");

export const ProgressSchema = z
  .strictObject({
    position: z.number(),
    duration: z.number(),
    completed: z.boolean(),
    updatedAt: z.string().nullable(),
  })
  .openapi("LectureProgress");

export const CourseProgressSchema = z
  .strictObject({
    completed: z.number(),
    total: z.number(),
    lectures: z.array(ProgressSchema.extend({ id: z.string() })),
  })
  .openapi("CourseProgress");

export const CompletionsSchema = z
  .strictObject({
    students: z.number(),
    lectures: z.array(z.strictObject({ id: z.string(), title: z.string(), completed: z.number() })),
  })
  .openapi("LectureCompletions");
