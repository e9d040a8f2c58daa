import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { authenticate, requireRole } from "./middleware.ts";
import { toPublicUser } from "./public-user.ts";
import { RoleChangeSchema, UserSchema } from "./schemas.ts";

export const adminRoutes = createRouter().openapi(
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
    const user = await c
      .get("services")
      .users.setRole(c.req.valid("param").id, c.req.valid("json").role);
    if (!user) throw new AppError("not_found", "No such user");
    return c.json({ user: toPublicUser(user) }, 200);
  },
);
