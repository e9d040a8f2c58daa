import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, uniqueEmail } from "../support/api.ts";
import { mailTo, verificationToken } from "../support/mail.ts";

// Registering and logging in run scrypt inside workerd; mail arrives after the answer.
const SLOW = 60_000;

type Me = { user: { role: string; emailVerified: boolean; emailVerifiedAt?: string } };

describe("e-mail verification", () => {
  it(
    "should e-mail a link on registration that verifies the address once",
    async () => {
      const user = await registerAndLogin("instructor");
      const before = await callJson<Me>("/auth/me", { token: user.access });
      expect(before.body.user.emailVerified).toBe(false);
      expect(before.body.user).not.toHaveProperty("emailVerifiedAt");

      const token = await verificationToken(user.email);
      const verified = await callJson<Me>("/auth/verify", { body: { token } });
      expect(verified.status).toBe(200);
      expect(verified.body.user).toMatchObject({ emailVerified: true });

      const after = await callJson<Me>("/auth/me", { token: user.access });
      expect(after.body.user.emailVerified).toBe(true);
      expect(Date.parse(after.body.user.emailVerifiedAt ?? "")).not.toBeNaN();

      // Single use: the same link again, and a made-up one, do nothing.
      const replay = await callJson<{ error: { code: string } }>("/auth/verify", {
        body: { token },
      });
      expect(replay.status).toBe(410);
      expect(replay.body.error.code).toBe("gone");
      expect((await call("/auth/verify", { body: { token: `${token}x` } })).status).toBe(410);
    },
    SLOW,
  );

  it(
    "should let only one of two racing uses of a link through",
    async () => {
      const user = await registerAndLogin("student");
      const token = await verificationToken(user.email);
      const statuses = await Promise.all(
        Array.from({ length: 4 }, () => call("/auth/verify", { body: { token } })),
      ).then((responses) => responses.map((r) => r.status).sort());
      expect(statuses).toEqual([200, 410, 410, 410]);
    },
    SLOW,
  );

  it(
    "should resend a link to the signed-in user, rate limited, and not once verified",
    async () => {
      const limits = {
        REDIS_KEY_PREFIX: `t-${crypto.randomUUID().slice(0, 8)}:`,
        RATE_LIMIT_VERIFY_RESEND: "2/60m",
      };
      const user = await registerAndLogin("instructor");
      await verificationToken(user.email); // the registration's own link, sent after the answer
      const resend = () =>
        callJson<{ message: string }>("/auth/verify/resend", {
          method: "POST",
          token: user.access,
          envOverrides: limits,
        });
      const first = await resend();
      expect(first.status).toBe(202);
      expect(first.body.message).toContain(user.email);
      expect((await resend()).status).toBe(202);
      const third = await resend();
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBeTruthy();

      // Three links went out (registration + 2): the newest works, and then no more resends.
      const newest = await verificationToken(user.email, 3);
      expect(
        (await call("/auth/verify", { body: { token: newest }, envOverrides: limits })).status,
      ).toBe(200);
      const verified = await callJson<{ error: { code: string } }>("/auth/verify/resend", {
        method: "POST",
        token: user.access,
      });
      expect(verified.status).toBe(409);
      expect(await mailTo(user.email)).toHaveLength(3);
    },
    SLOW,
  );

  it(
    "should limit resends per client address across accounts",
    async () => {
      const limits = {
        REDIS_KEY_PREFIX: `t-${crypto.randomUUID().slice(0, 8)}:`,
        RATE_LIMIT_ACCOUNT_MAIL_IP: "2/60m",
      };
      const ip = "192.0.2.77";
      const users = [await registerAndLogin("student"), await registerAndLogin("student")];
      const resend = (token: string) =>
        call("/auth/verify/resend", { method: "POST", token, ip, envOverrides: limits });
      expect((await resend(users[0]!.access)).status).toBe(202);
      expect((await resend(users[1]!.access)).status).toBe(202);
      expect((await resend(users[1]!.access)).status).toBe(429);
    },
    SLOW,
  );
});

describe("ADMIN_BOOTSTRAP_EMAIL", () => {
  it(
    "should make the address an admin when it is verified, not when it is registered",
    async () => {
      const email = uniqueEmail("root");
      const withBootstrap = { ADMIN_BOOTSTRAP_EMAIL: email.toUpperCase() };
      const password = "admin password 1";
      const registered = await call("/auth/register", {
        body: { email, password, name: "Root", role: "student" },
        envOverrides: withBootstrap,
      });
      expect(registered.status).toBe(202);
      const login = () =>
        callJson<{ access_token: string; refresh_token: string }>("/auth/login", {
          body: { email, password },
          envOverrides: withBootstrap,
        });
      const early = (await login()).body;
      const me = (token: string) =>
        callJson<Me>("/auth/me", { token, envOverrides: withBootstrap });
      expect((await me(early.access_token)).body.user.role).toBe("student");
      const asAdmin = await call("/admin/users/nobody", {
        method: "PATCH",
        token: early.access_token,
        body: { role: "student" },
        envOverrides: withBootstrap,
      });
      expect(asAdmin.status).toBe(403);

      const token = await verificationToken(email);
      const verified = await callJson<Me>("/auth/verify", {
        body: { token },
        envOverrides: withBootstrap,
      });
      expect(verified.body.user).toMatchObject({ role: "admin", emailVerified: true });

      // The role changed: tokens issued before it are refused, as after any role change.
      expect((await me(early.access_token)).status).toBe(401);
      const refreshed = await call("/auth/refresh", {
        body: { refresh_token: early.refresh_token },
        envOverrides: withBootstrap,
      });
      expect(refreshed.status).toBe(401);
      const fresh = (await login()).body;
      expect((await me(fresh.access_token)).body.user.role).toBe("admin");
    },
    SLOW,
  );
});
