import { z } from "@hono/zod-openapi";
import { VIDEO_STATE } from "@coursecast/shared";

export const VideoIdParams = z.object({ id: z.uuid() });

export const CreateVideoSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    filename: z.string().trim().min(1).max(255),
    size: z.number().int().positive(),
    contentType: z.string().min(3).max(100),
    multipart: z.boolean().optional(),
  })
  .openapi("NewVideo");

export const UpdateVideoSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
  })
  .refine((v) => v.title !== undefined || v.description !== undefined, {
    message: "title or description is required",
  })
  .openapi("VideoChanges");

export const PartNumbersSchema = z
  .object({ partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(1000) })
  .openapi("PartNumbers");

export const CompleteSchema = z
  .object({
    parts: z
      .array(
        z.object({
          partNumber: z.number().int().min(1).max(10_000),
          etag: z.string().min(1).max(200),
        }),
      )
      .max(10_000)
      .optional(),
  })
  .openapi("CompleteUpload");

export const ListQuerySchema = z.object({
  state: z.enum(VIDEO_STATE).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const UploadSchema = z
  .union([
    z.object({
      type: z.literal("single"),
      method: z.literal("PUT"),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.string(),
    }),
    z.object({
      type: z.literal("multipart"),
      partSize: z.number(),
      partCount: z.number(),
      expiresAt: z.string(),
    }),
  ])
  .openapi("UploadInstructions");
