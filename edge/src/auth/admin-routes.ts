import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { deleteUser } from "./delete-user.ts";
import { endAllSessions } from "./end-sessions.ts";
import { authenticate, requireRole } from "./middleware.ts";
import { toPublicUser } from "./public-user.ts";
import { RoleChangeSchema, UserSchema } from "./schemas.ts";

const UserIdParams = z.object({ id: z.string().min(1).max(64) });

export const adminRoutes = createRouter()
  .openapi(
    createRoute({
      method: "patch",
      path: "/admin/users/{id}",
      tags: ["admin"],
      summary: "Change a user's role (admins only)",
      security: [{ bearerAuth: [] }],
      middleware: [authenticate(), requireRole("admin")] as const,
      request: {
        params: z.object({ id: z.string().min(1).max(64) }),
        body: { content: { "application/json": { schema: RoleChangeSchema } }, required: true },
      },
      responses: {
        200: {
          description: "The updated user",
          content: { "application/json": { schema: z.object({ user: UserSchema }) } },
        },
        403: errorResponse("Not an admin"),
        404: errorResponse("No such user"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const user = await services.users.setRole(c.req.valid("param").id, c.req.valid("json").role);
      if (!user) throw new AppError("not_found", "No such user");
      // Tokens carry the role: those issued before the change must not keep the old one.
      await endAllSessions(services, user._id);
      return c.json({ user: toPublicUser(user) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/admin/users/{id}",
      tags: ["admin"],
      summary: "Delete a user and end every session of theirs (admins only)",
      security: [{ bearerAuth: [] }],
      middleware: [authenticate(), requireRole("admin")] as const,
      request: { params: UserIdParams },
      responses: {
        204: { description: "Deleted; the user's tokens are refused from now on" },
        403: errorResponse("Not an admin"),
        404: errorResponse("No such user"),
      },
    }),
    async (c) => {
      await deleteUser(c.get("services"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
