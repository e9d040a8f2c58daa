import { requireVerifiedUploader } from "../auth/require-verified-uploader.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadOwnVideo } from "./access.ts";
import { completeUpload } from "./complete-upload.ts";
import {
  completeMultipartUploadResult,
  initiateMultipartUploadResult,
  partsOfCompleteMultipartUpload,
} from "./s3-multipart-xml.ts";
import { VideoIdParams } from "./schemas.ts";
import { signUploadRequest } from "./sign-upload-request.ts";
import { multipartOf } from "./upload-parts.ts";

// For clients that speak S3's upload protocol themselves (Uppy's @uppy/aws-s3 v6 and
// its single `signRequest` hook): every request is signed for the video's own upload.
const security = [{ bearerAuth: [] }];
const instructor = () => [authenticate(), requireRole("instructor", "admin")];
/** Routes that start storing bytes: the e-mail must be verified first when the setting is on. */
const uploader = () => [
  authenticate(),
  requireRole("instructor", "admin"),
  requireVerifiedUploader(),
];
const notFound = errorResponse("No such video (or not yours)");
const conflict = errorResponse("The video is not in a state that allows this");
const XML = "application/xml";
const xml = (description: string) => ({
  description,
  content: { [XML]: { schema: z.string() } },
});

const SignRequestSchema = z
  .object({
    method: z.enum(["PUT", "POST", "GET", "DELETE"]),
    uploadId: z.string().min(1).max(1024).optional(),
    partNumber: z.number().int().min(1).max(10_000).optional(),
  })
  .openapi("UploadRequestToSign", {
    description:
      "One S3 request: PUT (single upload), POST (create multipart), PUT + uploadId + partNumber (UploadPart), GET + uploadId (ListParts), POST + uploadId (complete), DELETE + uploadId (abort). A `key` is ignored.",
  });

const SignedSchema = z
  .object({
    url: z.string(),
    key: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .openapi("SignedUploadRequest");

export const uploadSigningRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/upload/sign",
      tags: ["uploads"],
      summary:
        "Sign one S3 upload request (Uppy's signRequest): the URL, the headers to send, the key",
      security,
      middleware: uploader(),
      request: {
        params: VideoIdParams,
        body: { content: { "application/json": { schema: SignRequestSchema } }, required: true },
      },
      responses: {
        200: {
          description: "Storage URLs for the bytes, edge URLs for create/complete/abort",
          content: { "application/json": { schema: SignedSchema } },
        },
        400: errorResponse("A request the upload does not need, or another upload's id"),
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      const base = `${new URL(c.req.url).origin}/videos/${video._id}/upload`;
      const signed = await signUploadRequest(services, video, c.req.valid("json"), {
        initiate: `${base}/s3/initiate`,
        complete: `${base}/s3/complete`,
        abort: base,
        // The caller's own bearer token, sent along to the edge URLs above.
        authorization: c.req.header("authorization")!,
      });
      return c.json(signed, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/upload/s3/initiate",
      tags: ["uploads"],
      summary: "S3 CreateMultipartUpload: answers the upload the edge already created",
      security,
      middleware: uploader(),
      request: { params: VideoIdParams },
      responses: {
        200: xml("InitiateMultipartUploadResult"),
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      const { key, uploadId } = multipartOf(video);
      const body = initiateMultipartUploadResult(services.config.S3_BUCKET, key, uploadId);
      return c.body(body, 200, { "content-type": XML });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/videos/{id}/upload/s3/complete",
      tags: ["uploads"],
      summary:
        "S3 CompleteMultipartUpload: completes like POST /videos/{id}/upload/complete (job queued)",
      security,
      middleware: instructor(),
      request: {
        params: VideoIdParams,
        body: { content: { [XML]: { schema: z.string() } }, required: true },
      },
      responses: {
        200: xml("CompleteMultipartUploadResult"),
        400: errorResponse("Not a CompleteMultipartUpload document"),
        404: notFound,
        409: errorResponse("Upload incomplete or video in another state"),
        422: errorResponse("Uploaded file does not match what was declared"),
        503: errorResponse("The job could not be queued; the upload is kept: retry (Retry-After)"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadOwnVideo(services, c.get("user"), c.req.valid("param").id);
      // Parsed before anything else, so a bad body changes nothing; ignored once completed.
      const parts =
        video.state === "awaiting_upload"
          ? partsOfCompleteMultipartUpload(await c.req.text())
          : undefined;
      const done = await completeUpload(services, video, parts);
      const location = `${new URL(c.req.url).origin}/videos/${done._id}`;
      const body = completeMultipartUploadResult(
        location,
        services.config.S3_BUCKET,
        done.upload.key,
      );
      return c.body(body, 200, { "content-type": XML });
    },
  );
