import { createRoute, z } from "@hono/zod-openapi";
import { authenticate } from "../auth/middleware.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadCourse, loadVideo } from "./access.ts";
import { courseProgress, lectureCompletions, readProgress, saveProgress } from "./progress.ts";
import { body, json, security } from "./route-helpers.ts";
import {
  CompletionsSchema,
  CourseIdParams,
  CourseProgressSchema,
  ProgressInputSchema,
  ProgressSchema,
} from "./schemas.ts";

const VideoParams = z.object({ id: z.uuid() });
const signedIn = () => [authenticate()];

export const progressRoutes = createRouter()
  .openapi(
    createRoute({
      method: "put",
      path: "/videos/{id}/progress",
      tags: ["progress"],
      summary: "Save where you are in a lecture (players call it every ~10 s and on pause)",
      security,
      middleware: signedIn(),
      request: { params: VideoParams, ...body(ProgressInputSchema) },
      responses: {
        200: json(z.object({ progress: ProgressSchema }), "Saved"),
        404: errorResponse("No such lecture"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { video } = await loadVideo(services, user, c.req.valid("param").id, "view");
      const progress = await saveProgress(services, user, video._id, c.req.valid("json"));
      return c.json({ progress }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/progress",
      tags: ["progress"],
      summary: "Where you left off in a lecture",
      security,
      middleware: signedIn(),
      request: { params: VideoParams },
      responses: {
        200: json(z.object({ progress: ProgressSchema }), "Your progress"),
        404: errorResponse("No such lecture"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { video } = await loadVideo(services, user, c.req.valid("param").id, "view");
      return c.json({ progress: await readProgress(services, user, video._id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/progress",
      tags: ["progress"],
      summary: "Your progress in a course: lectures completed of total, and per lecture",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: {
        200: json(CourseProgressSchema, "Your progress"),
        404: errorResponse("No such course"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "view");
      return c.json(await courseProgress(services, user, course), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/completions",
      tags: ["progress"],
      summary: "For instructors: how many enrolled students completed each lecture",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: {
        200: json(CompletionsSchema, "Completion counts"),
        404: errorResponse("No such course"),
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
      return c.json(await lectureCompletions(services, course), 200);
    },
  );
