import { requireVerifiedUploader } from "../auth/require-verified-uploader.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadOwnVideo, loadViewableVideo } from "../videos/access.ts";
import { AttachmentSchema, toAttachmentView } from "../videos/video-views.ts";
import {
  attachmentBytesMatch,
  attachmentDownloadName,
  completeAttachment,
} from "./check-attachment.ts";
import { createAttachment } from "./create-attachment.ts";

const Params = z.object({ id: z.uuid() });
const NewAttachmentSchema = z
  .object({
    kind: z.enum(["pdf", "thumbnail"]),
    filename: z.string().trim().min(1).max(255),
    size: z.number().int().positive(),
    contentType: z.string().min(3).max(100),
  })
  .openapi("NewAttachment");

/**
 * Attachments are listed on the video as soon as their upload URL is issued;
 * `…/complete` checks the bytes (and removes a file that is not what it says),
 * and a download is served only while the bytes still match their type.
 */
/** Routes that start storing bytes: the e-mail must be verified first when the setting is on. */
const uploader = () => [
  authenticate(),
  requireRole("instructor", "admin"),
  requireVerifiedUploader(),
];

export const attachmentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/attachments",
      tags: ["attachments"],
      summary: "Attach a course PDF or a custom thumbnail (presigned PUT)",
      security: [{ bearerAuth: [] }],
      middleware: uploader(),
      request: {
        params: Params,
        body: { content: { "application/json": { schema: NewAttachmentSchema } }, required: true },
      },
      responses: {
        201: {
          description: "The attachment and where to PUT it",
          content: {
            "application/json": {
              schema: z.object({
                attachment: AttachmentSchema,
                upload: z.object({
                  url: z.string(),
                  headers: z.record(z.string(), z.string()),
                  expiresAt: z.string(),
                }),
              }),
            },
          },
        },
        404: errorResponse("No such video"),
        413: errorResponse("Too large"),
        415: errorResponse("Type not allowed for this kind"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      const { attachment, upload } = await createAttachment(services, video, c.req.valid("json"));
      return c.json({ attachment: toAttachmentView(attachment), upload }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/attachments/{attachmentId}/complete",
      tags: ["attachments"],
      summary: "Check an uploaded attachment's bytes against its type (a PDF starts with %PDF-)",
      security: [{ bearerAuth: [] }],
      middleware: [authenticate(), requireRole("instructor", "admin")] as const,
      request: { params: Params.extend({ attachmentId: z.uuid() }) },
      responses: {
        204: { description: "The file is what it says" },
        404: errorResponse("No such attachment"),
        422: errorResponse("Not of its type: the file and the attachment were removed"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { id, attachmentId } = c.req.valid("param");
      const video = await loadOwnVideo(services, c.get("user"), id);
      const attachment = video.attachments.find((a) => a.id === attachmentId);
      if (!attachment) throw new AppError("not_found", "No such attachment");
      await completeAttachment(services, video, attachment);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/attachments/{attachmentId}",
      tags: ["attachments"],
      summary: "302 to a presigned download of an attachment (?redirect=false answers {url})",
      security: [{ bearerAuth: [] }],
      middleware: [authenticate()] as const,
      request: {
        params: Params.extend({ attachmentId: z.uuid() }),
        query: z.object({ redirect: z.enum(["true", "false"]).optional() }),
      },
      responses: {
        302: { description: "Redirect to the file" },
        200: {
          description: "The URL",
          content: { "application/json": { schema: z.object({ url: z.string() }) } },
        },
        404: errorResponse("No such attachment"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { id, attachmentId } = c.req.valid("param");
      const video = await loadViewableVideo(services, c.get("user"), id);
      const attachment = video.attachments.find((a) => a.id === attachmentId);
      if (!attachment || !(await attachmentBytesMatch(services, attachment)))
        throw new AppError("not_found", "No such attachment");
      // Always a download (never rendered by the browser), named for what it really is.
      const url = await services.objects.presignGet(attachment.key, {
        expiresIn: 300,
        downloadName: attachmentDownloadName(attachment),
        contentType: attachment.contentType,
      });
      if (c.req.valid("query").redirect === "false") return c.json({ url }, 200);
      return c.redirect(url, 302);
    },
  );
