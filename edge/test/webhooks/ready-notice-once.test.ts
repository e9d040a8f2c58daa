import { describe, expect, it } from "vitest";
import { WebhookEventSchema } from "@coursecast/shared";
import { applyEvent } from "../../src/webhooks/apply-event.ts";
import { registerAndLogin } from "../support/api.ts";
import { mailTo } from "../support/mail.ts";
import { services, uploadAndComplete } from "../support/media.ts";
import { playableEvent, readyEvent } from "../support/webhooks.ts";

// Two workers racing on one job (test/e2e/racing-workers.test.ts), or a short video whose
// `playable` and `ready` come within milliseconds: "ready to watch" goes out once.
describe("the owner's ready-to-watch e-mail", () => {
  it("should be sent and recorded once when a playable and a ready event are applied at the same time", async () => {
    const owner = await registerAndLogin("instructor");
    const id = await uploadAndComplete(owner);
    const real = services();
    await Promise.all([
      applyEvent(real, WebhookEventSchema.parse(playableEvent(id))),
      applyEvent(real, WebhookEventSchema.parse(readyEvent(id))),
      applyEvent(real, WebhookEventSchema.parse(playableEvent(id, { jobId: `${id}.2` }))),
    ]);
    const notices = (await real.videos.get(id))!.notifications;
    expect(notices.map((n) => n.type)).toEqual(["ready"]);
    const mails = (await mailTo(owner.email)).filter((m) => /ready to watch/.test(m.subject));
    expect(mails).toHaveLength(1);
  });

  it("should keep the claimed notice with the error when the e-mail cannot be sent", async () => {
    const owner = await registerAndLogin("instructor");
    const id = await uploadAndComplete(owner);
    const real = services();
    const failing = {
      ...real,
      mailer: {
        send: () => Promise.reject(new Error("mail relay unreachable")),
      },
    };
    await applyEvent(failing, WebhookEventSchema.parse(readyEvent(id)));
    const notices = (await real.videos.get(id))!.notifications;
    expect(notices).toEqual([
      expect.objectContaining({ type: "ready", to: owner.email, error: "mail relay unreachable" }),
    ]);
  });
});
