import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK, WebhookEventSchema, verifyWebhook } from "@coursecast/shared";
import { acceptedWebhookSecrets } from "../config.ts";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { invalidInput } from "../http/validation-hook.ts";
import { applyEvent } from "./apply-event.ts";

const MAX_EVENT_BYTES = 256 * 1024;

export const webhookRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: WEBHOOK.path,
    tags: ["webhooks"],
    summary: "Transcoder events (progress, ready, failed), signed with Webhook-Signature",
    description:
      '`Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>`; rejected when wrong or more than 5 minutes away.',
    request: { headers: z.object({ "webhook-signature": z.string().max(1000) }) },
    responses: {
      200: {
        description: "Applied, or a replay/late event ignored",
        content: {
          "application/json": { schema: z.object({ outcome: z.enum(["applied", "ignored"]) }) },
        },
      },
      400: errorResponse("Malformed event"),
      401: errorResponse("Bad or stale signature"),
      410: errorResponse("The video was deleted: stop"),
    },
  }),
  async (c) => {
    const raw = await c.req.text();
    if (raw.length > MAX_EVENT_BYTES) throw new AppError("payload_too_large", "Event too large");
    const services = c.get("services");
    const verdict = await verifyWebhook(
      acceptedWebhookSecrets(services.config),
      raw,
      c.req.header(WEBHOOK.signatureHeader),
    );
    if (!verdict.ok) throw new AppError("signature_invalid", `Webhook signature ${verdict.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError("validation_failed", "Event is not JSON");
    }
    const event = WebhookEventSchema.safeParse(json);
    if (!event.success) throw invalidInput(event.error);
    return c.json({ outcome: await applyEvent(services, event.data) }, 200);
  },
);
