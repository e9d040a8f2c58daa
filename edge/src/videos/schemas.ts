import { z } from "@hono/zod-openapi";
import { VIDEO_STATE } from "@coursecast/shared";
import { titleFromFilename } from "./default-title.ts";
import { MAX_PART_BYTES, MIN_PART_BYTES } from "./upload-plan.ts";

export const VideoIdParams = z.object({ id: z.uuid() });

export const CreateVideoSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Defaults to the file name without its extension" }),
    description: z.string().max(5000).optional(),
    filename: z.string().trim().min(1).max(255),
    size: z.number().int().positive(),
    contentType: z.string().min(3).max(100),
    multipart: z.boolean().optional(),
    partSize: z.number().int().min(MIN_PART_BYTES).max(MAX_PART_BYTES).optional().openapi({
      description:
        "Your part size for a multipart upload (5 MiB to 5 GiB; the file must fit in MAX_UPLOAD_PARTS parts). Default: 8 MiB, or larger to fit.",
    }),
    courseId: z
      .uuid()
      .optional()
      .openapi({ description: "A course you manage; without it, your private Unsorted course" }),
  })
  .transform((video) => ({ ...video, title: video.title ?? titleFromFilename(video.filename) }))
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
  .union([
    z.object({ partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(1000) }),
    z.object({ partNumber: z.number().int().min(1).max(10_000) }),
  ])
  .openapi("PartNumbers", { description: "A batch of part numbers, or one" });

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
