import { describe, expect, it } from "vitest";
import { call, registerAndLogin, uniqueEmail } from "../support/api.ts";
import { mailTo, waitForMailTo } from "../support/mail.ts";

// Registering runs scrypt inside workerd; mail arrives after the answer.
const SLOW = 60_000;

const register = (email: string, password: string) =>
  call("/auth/register", { body: { email, password, name: "Mallory", role: "instructor" } });

const headerNames = (response: Response) =>
  [...response.headers.keys()].filter((name) => name !== "x-request-id").sort();

describe("registration does not reveal accounts", () => {
  it(
    "should answer a taken address exactly as a free one, hand out nothing, and tell the owner",
    async () => {
      const owner = await registerAndLogin("student");
      const taken = await register(owner.email.toUpperCase(), "mallory's own password");
      const free = await register(uniqueEmail("fresh"), "mallory's own password");
      expect(taken.status).toBe(free.status);
      expect(await taken.text()).toBe(await free.text());
      expect(headerNames(taken)).toEqual(headerNames(free));

      // Nothing the stranger sent works for the owner's account, and the owner's still does.
      const asOwner = await call("/auth/login", {
        body: { email: owner.email, password: "mallory's own password" },
      });
      expect(asOwner.status).toBe(401);
      expect((await call("/auth/me", { token: owner.access })).status).toBe(200);

      const notice = await waitForMailTo(owner.email, /Someone tried to register/);
      expect(notice.text).toContain("reset");
      // The owner got that notice and their own verification link, nothing else.
      expect((await mailTo(owner.email)).map((m) => m.subject).sort()).toEqual([
        "Confirm your e-mail address for coursecast",
        "Someone tried to register with your e-mail address",
      ]);
    },
    SLOW,
  );
});
