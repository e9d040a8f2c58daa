import { createRoute, z } from "@hono/zod-openapi";
import { authenticate } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { courseAccess, loadCourse } from "./access.ts";
import { loadOutline } from "./course-outline.ts";
import { toCourseView } from "./course-view.ts";
import { enrolWithCode, leaveCourse, selfEnrol } from "./enrolment.ts";
import { createInvite, listInvites, loadUsableInvite, toInviteView } from "./invites.ts";
import { body, json, security } from "./route-helpers.ts";
import {
  CourseIdParams,
  CourseSchema,
  EnrolSchema,
  InviteCodeParams,
  InviteSchema,
  NewInviteSchema,
  StudentSchema,
} from "./schemas.ts";
import { listStudents, removeStudent } from "./students.ts";

// A draft's students are enrolled but see the course only once it is published.
const EnrolledSchema = z.object({ courseId: z.string(), course: CourseSchema.nullable() });
const notFound = errorResponse("No such course (or not visible to you)");
const signedIn = () => [authenticate()];
const origin = (url: string) => new URL(url).origin;

export const enrolmentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/courses/{id}/invites",
      tags: ["enrolment"],
      summary: "Create an invite link (optional expiry and use limit)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams, ...body(NewInviteSchema) },
      responses: { 201: json(z.object({ invite: InviteSchema }), "The invite"), 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      const invite = await createInvite(services, user, course, c.req.valid("json"));
      return c.json({ invite: toInviteView(invite, origin(c.req.url)) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/invites",
      tags: ["enrolment"],
      summary: "The course's invite links, newest first (live=true: neither revoked nor expired)",
      security,
      middleware: signedIn(),
      request: {
        params: CourseIdParams,
        query: z.object({
          live: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(500).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(InviteSchema), nextCursor: z.string().nullable() }),
          "A page of invites",
        ),
        404: notFound,
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
      const { live, limit, cursor } = c.req.valid("query");
      const page = await listInvites(services, course, { limit, cursor, live: live === "true" });
      return c.json(
        {
          items: page.items.map((invite) => toInviteView(invite, origin(c.req.url))),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/courses/{id}/invites/{code}",
      tags: ["enrolment"],
      summary: "Revoke an invite link (enrolments made with it stay)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams.extend(InviteCodeParams.shape) },
      responses: { 204: { description: "Revoked" }, 404: errorResponse("No such live invite") },
    }),
    async (c) => {
      const services = c.get("services");
      const { id, code } = c.req.valid("param");
      const { course } = await loadCourse(services, c.get("user"), id, "manage");
      if (!(await services.invites.revoke(course._id, code, new Date().toISOString())))
        throw new AppError("not_found", "No such live invite");
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/invites/{code}",
      tags: ["enrolment"],
      summary: "What an invite leads to (no sign-in needed: the join page shows it)",
      request: { params: InviteCodeParams },
      responses: {
        200: json(
          z.object({ course: z.object({ title: z.string(), description: z.string() }) }),
          "The course the invite enrols into",
        ),
        404: errorResponse("No such invite"),
        410: errorResponse("Expired, revoked or used up"),
      },
    }),
    async (c) => {
      const { course } = await loadUsableInvite(c.get("services"), c.req.valid("param").code);
      return c.json({ course: { title: course.title, description: course.description } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/enrolments",
      tags: ["enrolment"],
      summary: "Enrol with an invite code",
      security,
      middleware: signedIn(),
      request: body(EnrolSchema),
      responses: {
        201: json(EnrolledSchema, "Enrolled"),
        200: json(EnrolledSchema, "Already enrolled (or teaching it)"),
        404: errorResponse("No such invite"),
        410: errorResponse("Expired, revoked or used up"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course, created } = await enrolWithCode(services, user, c.req.valid("json").code);
      const access = await courseAccess(services, user, course);
      const body = {
        courseId: course._id,
        course: access ? toCourseView(course, access, await loadOutline(services, course)) : null,
      };
      return created ? c.json(body, 201) : c.json(body, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/courses/{id}/enrolment",
      tags: ["enrolment"],
      summary: "Join a public published course",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: {
        201: { description: "Enrolled" },
        200: { description: "Already enrolled (or teaching it)" },
        404: notFound,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "view");
      return c.body(null, (await selfEnrol(services, user, course)) ? 201 : 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/courses/{id}/enrolment",
      tags: ["enrolment"],
      summary: "Leave a course",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: { 204: { description: "Left" }, 404: errorResponse("Not enrolled") },
    }),
    async (c) => {
      await leaveCourse(c.get("services"), c.get("user"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/students",
      tags: ["enrolment"],
      summary: "The course's students with lectures completed, oldest enrolment first",
      security,
      middleware: signedIn(),
      request: {
        params: CourseIdParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(500).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(StudentSchema), nextCursor: z.string().nullable() }),
          "A page of students",
        ),
        404: notFound,
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
      const { limit, cursor } = c.req.valid("query");
      return c.json(await listStudents(services, course, limit, cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/courses/{id}/students/{studentId}",
      tags: ["enrolment"],
      summary: "Remove a student: their playback ends at once",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams.extend({ studentId: z.uuid() }) },
      responses: { 204: { description: "Removed" }, 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const { id, studentId } = c.req.valid("param");
      const { course } = await loadCourse(services, c.get("user"), id, "manage");
      await removeStudent(services, course, studentId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/join/{code}",
      tags: ["enrolment"],
      summary: "The invite link: the console's join page (sign in or register, then enrolled)",
      // Any code gets the page: a mistyped link must still read as a page that says so.
      request: { params: z.object({ code: z.string().max(2000) }) },
      responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } } },
    }),
    async (c) => {
      // The console is one page: it reads the code from the path.
      const page = await c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
      return c.body(await page.text(), 200, { "content-type": "text/html; charset=utf-8" });
    },
  );
