import { createRoute, z } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadCourse, loadVideo } from "./access.ts";
import { AppError } from "../errors.ts";
import { loadOutline, reorderCourse } from "./course-outline.ts";
import { toCourseView } from "./course-view.ts";
import { listCourses } from "./list-courses.ts";
import { createCourse, deleteCourse, updateCourse } from "./manage-course.ts";
import { body, json, security } from "./route-helpers.ts";
import {
  CourseChangesSchema,
  CourseIdParams,
  CourseListQuerySchema,
  CourseSchema,
  NewCourseSchema,
  OutlineSchema,
} from "./schemas.ts";

const CourseBody = z.object({ course: CourseSchema });
const notFound = errorResponse("No such course (or not visible to you)");
const instructor = () => [authenticate(), requireRole("instructor", "admin")];
const signedIn = () => [authenticate()];

export const courseRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/courses",
      tags: ["courses"],
      summary: "Create a course (private draft unless said otherwise)",
      security,
      middleware: instructor(),
      request: body(NewCourseSchema),
      responses: { 201: json(CourseBody, "The course"), 400: errorResponse("Invalid input") },
    }),
    async (c) => {
      const course = await createCourse(c.get("services"), c.get("user"), c.req.valid("json"));
      return c.json({ course: toCourseView(course, "manage", []) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses",
      tags: ["courses"],
      summary: "List courses you teach, are enrolled in, or the public catalogue",
      security,
      middleware: signedIn(),
      request: { query: CourseListQuerySchema },
      responses: {
        200: json(
          z.object({ items: z.array(CourseSchema), nextCursor: z.string().nullable() }),
          "A page of courses, newest first",
        ),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listCourses(c.get("services"), c.get("user"), {
        ...query,
        published: query.published === undefined ? undefined : query.published === "true",
      });
      return c.json(
        {
          items: page.items.map(({ course, access }) => toCourseView(course, access)),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}",
      tags: ["courses"],
      summary: "One course with its sections and lectures (viewers: ready lectures only)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: { 200: json(CourseBody, "The course"), 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const { course, access } = await loadCourse(
        services,
        c.get("user"),
        c.req.valid("param").id,
        "view",
      );
      return c.json(
        { course: toCourseView(course, access, await loadOutline(services, course)) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/courses/{id}",
      tags: ["courses"],
      summary: "Change title, description, visibility, published, cover or co-instructors",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams, ...body(CourseChangesSchema) },
      responses: {
        200: json(CourseBody, "The updated course"),
        400: errorResponse("Invalid input"),
        403: errorResponse("Only the owner chooses co-instructors"),
        404: notFound,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      const updated = await updateCourse(services, user, course, c.req.valid("json"));
      return c.json(
        { course: toCourseView(updated, "manage", await loadOutline(services, updated)) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/courses/{id}",
      tags: ["courses"],
      summary: "Delete an empty course",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: {
        204: { description: "Deleted" },
        403: errorResponse("Only the owner deletes a course"),
        404: notFound,
        409: errorResponse("The course still has lectures, or is the Unsorted course"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      await deleteCourse(services, user, course);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/courses/{id}/outline",
      tags: ["courses"],
      summary: "Sections and lecture order in one write (every lecture listed exactly once)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams, ...body(OutlineSchema) },
      responses: {
        200: json(CourseBody, "The course in its new order"),
        400: errorResponse("The outline does not list every lecture exactly once"),
        404: notFound,
        409: errorResponse("The course changed meanwhile"),
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
      const updated = await reorderCourse(services, course, c.req.valid("json"));
      return c.json(
        { course: toCourseView(updated, "manage", await loadOutline(services, updated)) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/courses/{id}/lectures",
      tags: ["courses"],
      summary: "Move a video you manage into this course (it joins the end of the outline)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams, ...body(z.object({ videoId: z.uuid() })) },
      responses: { 200: json(CourseBody, "The course"), 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      const { video } = await loadVideo(services, user, c.req.valid("json").videoId, "manage");
      if (!(await services.lectures.moveToCourse(video._id, course._id)))
        throw new AppError("not_found", "No such video");
      return c.json(
        { course: toCourseView(course, "manage", await loadOutline(services, course)) },
        200,
      );
    },
  );
