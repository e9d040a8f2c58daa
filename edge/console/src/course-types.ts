// The console's course types, inferred from the edge's own response schemas.
import type { z } from "zod";
import type {
  CourseProgressSchema,
  CourseSchema,
  ProgressSchema,
} from "../../src/courses/schemas.ts";

export type Course = z.infer<typeof CourseSchema>;
export type Lecture = NonNullable<Course["sections"]>[number]["lectures"][number];
export type LectureProgress = z.infer<typeof ProgressSchema>;
export type CourseProgress = z.infer<typeof CourseProgressSchema>;
