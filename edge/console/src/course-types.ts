import type { Video } from "./types.ts";

export interface Lecture {
  id: string;
  title: string;
  state: Video["state"];
  durationSeconds?: number;
  attachments: Array<{ id: string; kind: string; filename: string; size: number }>;
}

export interface Course {
  id: string;
  title: string;
  description: string;
  visibility: "private" | "public";
  published: boolean;
  unsorted: boolean;
  access: "manage" | "view";
  files: Array<{ id: string; kind: string; filename: string; size: number }>;
  sections?: Array<{ id: string; title: string; lectures: Lecture[] }>;
  updatedAt: string;
}

export interface LectureProgress {
  position: number;
  duration: number;
  completed: boolean;
}

export interface CourseProgress {
  completed: number;
  total: number;
  lectures: Array<LectureProgress & { id: string }>;
}
