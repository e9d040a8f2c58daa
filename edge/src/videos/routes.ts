import { requireVerifiedUploader } from "../auth/require-verified-uploader.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { enforceRateLimit } from "../http/rate-limit.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadVideo } from "../courses/access.ts";
import { loadOwnVideo } from "./access.ts";
import { completeUpload, type CompletedPart } from "./complete-upload.ts";
import { createVideo } from "./create-video.ts";
import { deleteVideo } from "./delete-video.ts";
import { listVideos } from "./list-videos.ts";
import {
  CompleteSchema,
  CreateVideoSchema,
  ListQuerySchema,
  PartNumbersSchema,
  UpdateVideoSchema,
  UploadSchema,
  VideoIdParams,
} from "./schemas.ts";
import { abortUpload, presignParts, storedParts } from "./upload-parts.ts";
import {
  managerViewFor,
  OwnerVideoSchema,
  toOwnerView,
  VideoViewSchema,
  viewFor,
} from "./video-views.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const security = [{ bearerAuth: [] }];
const OwnerVideoBody = z.object({ video: OwnerVideoSchema });
const notFound = errorResponse("No such video (or not yours)");
const conflict = errorResponse("The video is not in a state that allows this");
const instructor = () => [authenticate(), requireRole("instructor", "admin")];
/** Routes that start storing bytes: the e-mail must be verified first when the setting is on. */
const uploader = () => [
  authenticate(),
  requireRole("instructor", "admin"),
  requireVerifiedUploader(),
];

export const videoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/videos",
      tags: ["videos"],
      summary: "Create a video and get presigned upload instructions",
      description:
        "Up to SINGLE_UPLOAD_MAX_BYTES (100 MiB) one presigned PUT with signed Content-Type and Content-Length; larger files (or `multipart: true` above 5 MiB) a multipart upload.",
      security,
      middleware: uploader(),
      request: body(CreateVideoSchema),
      responses: {
        201: json(
          z.object({ video: OwnerVideoSchema, upload: UploadSchema }),
          "The video, awaiting its upload",
        ),
        400: errorResponse("Invalid input"),
        413: errorResponse("File too large"),
        415: errorResponse("Content type not allowed"),
        429: errorResponse("Rate limited"),
      },
    }),
    async (c) => {
      const user = c.get("user");
      await enforceRateLimit(c, "upload", user.id);
      const { video, upload } = await createVideo(c.get("services"), user, c.req.valid("json"));
      return c.json({ video: toOwnerView(video), upload }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/upload/parts",
      tags: ["uploads"],
      summary: "Presigned URLs for a batch of parts (`partNumbers`) or one part (`partNumber`)",
      security,
      middleware: uploader(),
      request: { params: VideoIdParams, ...body(PartNumbersSchema) },
      responses: {
        200: json(
          z.object({ parts: z.array(z.object({ partNumber: z.number(), url: z.string() })) }),
          "One URL per part",
        ),
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      const input = c.req.valid("json");
      const parts =
        "partNumbers" in input
          ? await presignParts(services, video, input.partNumbers)
          : await presignParts(services, video, [input.partNumber], "partNumber");
      return c.json({ parts }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/upload/parts",
      tags: ["uploads"],
      summary: "Parts already stored (resume an interrupted upload)",
      security,
      middleware: instructor(),
      request: { params: VideoIdParams },
      responses: {
        200: json(
          z.object({
            parts: z.array(
              z.object({ partNumber: z.number(), etag: z.string(), size: z.number() }),
            ),
          }),
          "Stored parts",
        ),
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      return c.json({ parts: await storedParts(services, video) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/videos/{id}/upload",
      tags: ["uploads"],
      summary: "Abort the upload",
      security,
      middleware: instructor(),
      request: { params: VideoIdParams },
      responses: { 204: { description: "Aborted" }, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const services = c.get("services");
      await abortUpload(
        services,
        await loadOwnVideo(services, c.get("user"), c.req.valid("param").id),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/upload/complete",
      tags: ["uploads"],
      summary: "Complete the upload, verify it and queue the transcode (idempotent)",
      security,
      middleware: instructor(),
      request: {
        params: VideoIdParams,
        body: { content: { "application/json": { schema: CompleteSchema } }, required: false },
      },
      responses: {
        200: json(OwnerVideoBody, "The video, queued"),
        400: errorResponse("Invalid parts list"),
        404: notFound,
        409: errorResponse("Upload incomplete or video in another state"),
        422: errorResponse("Uploaded file does not match what was declared"),
        503: errorResponse("The job could not be queued; the upload is kept: retry (Retry-After)"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      // Validated when sent; a single upload completes without a body.
      const input: { parts?: CompletedPart[] } | undefined = c.req.valid("json");
      return c.json(
        {
          video: managerViewFor(c.get("user"), await completeUpload(services, video, input?.parts)),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos",
      tags: ["videos"],
      summary: "List videos (own for instructors, ready ones for students)",
      security,
      middleware: [authenticate()] as const,
      request: { query: ListQuerySchema },
      responses: {
        200: json(
          z.object({ items: z.array(VideoViewSchema), nextCursor: z.string().nullable() }),
          "A page of videos",
        ),
      },
    }),
    async (c) => {
      const user = c.get("user");
      const page = await listVideos(c.get("services"), user, c.req.valid("query"));
      return c.json(
        { items: page.items.map((video) => viewFor(user, video)), nextCursor: page.nextCursor },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}",
      tags: ["videos"],
      summary: "One video: state, progress, renditions, failure reason",
      description: "The owner and admins get the owner's view; other viewers the viewer's.",
      security,
      middleware: [authenticate()] as const,
      request: { params: VideoIdParams },
      responses: {
        200: json(z.object({ video: VideoViewSchema }), "The video"),
        404: notFound,
      },
    }),
    async (c) => {
      const user = c.get("user");
      const { video, access } = await loadVideo(
        c.get("services"),
        user,
        c.req.valid("param").id,
        "view",
      );
      return c.json({ video: viewFor(user, video, access) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/videos/{id}",
      tags: ["videos"],
      summary: "Rename or describe a video",
      security,
      middleware: instructor(),
      request: { params: VideoIdParams, ...body(UpdateVideoSchema) },
      responses: { 200: json(OwnerVideoBody, "The updated video"), 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      const renamed = await services.videos.rename(video, c.req.valid("json"));
      if (!renamed) throw new AppError("not_found", "No such video");
      // A co-instructor renames too, and gets the manager's view (no owner e-mails).
      return c.json({ video: managerViewFor(c.get("user"), renamed) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/videos/{id}",
      tags: ["videos"],
      summary: "Delete a video and every file made from it",
      security,
      middleware: instructor(),
      request: { params: VideoIdParams },
      responses: { 204: { description: "Deleted" }, 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      await deleteVideo(
        services,
        await loadOwnVideo(services, c.get("user"), c.req.valid("param").id),
      );
      return c.body(null, 204);
    },
  );
