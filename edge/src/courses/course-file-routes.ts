import { createRoute, z } from "@hono/zod-openapi";
import { authenticate } from "../auth/middleware.ts";
import { requireVerifiedUploader } from "../auth/require-verified-uploader.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadCourse } from "./access.ts";
import { courseFileUrl, createCourseFile } from "./course-files.ts";
import { body, json, security } from "./route-helpers.ts";
import { CourseFileSchema, CourseIdParams, NewCourseFileSchema } from "./schemas.ts";

const notFound = errorResponse("No such course (or not visible to you)");
const signedIn = () => [authenticate()];
// Starting an upload needs a verified address when the setting asks for it, as for videos.
const uploader = () => [authenticate(), requireVerifiedUploader()];

/** Course files (PDFs, slides, the cover image): uploaded by instructors, downloaded by viewers. */
export const courseFileRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/courses/{id}/files",
      tags: ["courses"],
      summary: "Attach a course file (PDF, slides, cover image): presigned PUT",
      security,
      middleware: uploader(),
      request: { params: CourseIdParams, ...body(NewCourseFileSchema) },
      responses: {
        201: json(
          z.object({
            file: CourseFileSchema,
            upload: z.object({
              url: z.string(),
              headers: z.record(z.string(), z.string()),
              expiresAt: z.string(),
            }),
          }),
          "The file and where to PUT it",
        ),
        404: notFound,
        413: errorResponse("Too large"),
        415: errorResponse("Type not allowed for this kind"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { course } = await loadCourse(
        services,
        c.get("user"),
        c.req.valid("param").id,
        "manage",
      );
      const { file, upload } = await createCourseFile(services, course, c.req.valid("json"));
      const { key: _key, ...visible } = file;
      return c.json({ file: visible, upload }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/files/{fileId}",
      tags: ["courses"],
      summary: "302 to a presigned download of a course file (?redirect=false answers {url})",
      security,
      middleware: signedIn(),
      request: {
        params: CourseIdParams.extend({ fileId: z.uuid() }),
        query: z.object({ redirect: z.enum(["true", "false"]).optional() }),
      },
      responses: {
        302: { description: "Redirect to the file" },
        200: json(z.object({ url: z.string() }), "The URL"),
        404: errorResponse("No such file"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { id, fileId } = c.req.valid("param");
      const { course } = await loadCourse(services, c.get("user"), id, "view");
      const url = await courseFileUrl(services, course, fileId);
      if (c.req.valid("query").redirect === "false") return c.json({ url }, 200);
      return c.redirect(url, 302);
    },
  );
