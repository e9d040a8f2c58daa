export interface Video {
  id: string;
  title: string;
  description?: string;
  state: "awaiting_upload" | "uploaded" | "queued" | "processing" | "ready" | "failed" | "deleted";
  progress: number;
  stage?: string;
  durationSeconds?: number;
  failure?: { reason: string; message: string };
  attachments?: Array<{ id: string; kind: string; filename: string; size: number }>;
  createdAt: string;
}

export type UploadPlan =
  | {
      type: "single";
      method: "PUT";
      url: string;
      headers: Record<string, string>;
      expiresAt: string;
    }
  | { type: "multipart"; partSize: number; partCount: number; expiresAt: string };

export interface User {
  id: string;
  email: string;
  name: string;
  role: "student" | "instructor" | "admin";
}
