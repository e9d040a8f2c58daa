import { createRoute, z } from "@hono/zod-openapi";
import { authenticate } from "../auth/middleware.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadCourse } from "./access.ts";
import { addCoInstructor, listCoInstructors, removeCoInstructor } from "./co-instructors.ts";
import { body, json, security } from "./route-helpers.ts";
import { CoInstructorSchema, CourseIdParams } from "./schemas.ts";

const ListBody = z.object({ items: z.array(CoInstructorSchema) });
const notFound = errorResponse("No such course (or not visible to you)");
const signedIn = () => [authenticate()];

/** Co-instructors manage the course with its owner; only the owner (or an admin) chooses them. */
export const coInstructorRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/courses/{id}/co-instructors",
      tags: ["courses"],
      summary: "The course's co-instructors (e-mails for the owner and admins only)",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams },
      responses: { 200: json(ListBody, "Co-instructors"), 404: notFound },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      return c.json({ items: await listCoInstructors(services, user, course) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/courses/{id}/co-instructors",
      tags: ["courses"],
      summary: "Add a co-instructor by the e-mail of their instructor account",
      security,
      middleware: signedIn(),
      request: {
        params: CourseIdParams,
        ...body(z.object({ email: z.string().trim().min(3).max(320) }).openapi("NewCoInstructor")),
      },
      responses: {
        200: json(ListBody, "Co-instructors, the new one included"),
        403: errorResponse("Only the owner chooses co-instructors"),
        404: errorResponse("No such course, or no instructor account uses that e-mail address"),
        409: errorResponse("Too many co-instructors"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { course } = await loadCourse(services, user, c.req.valid("param").id, "manage");
      const updated = await addCoInstructor(services, user, course, c.req.valid("json").email);
      return c.json({ items: await listCoInstructors(services, user, updated) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/courses/{id}/co-instructors/{userId}",
      tags: ["courses"],
      summary: "Remove a co-instructor: they lose the course at once",
      security,
      middleware: signedIn(),
      request: { params: CourseIdParams.extend({ userId: z.uuid() }) },
      responses: {
        204: { description: "Removed" },
        403: errorResponse("Only the owner chooses co-instructors"),
        404: notFound,
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = c.get("user");
      const { id, userId } = c.req.valid("param");
      const { course } = await loadCourse(services, user, id, "manage");
      await removeCoInstructor(services, user, course, userId);
      return c.body(null, 204);
    },
  );
