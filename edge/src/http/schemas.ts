import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .openapi("Error");

/** Response entry for a documented error status. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorSchema } } } as const;
}
