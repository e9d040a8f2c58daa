import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, uniqueEmail } from "../support/api.ts";
import { mailTo, resetToken, waitForMailTo } from "../support/mail.ts";

// Registering, logging in and resetting run scrypt inside workerd.
const SLOW = 60_000;
const NEW_PASSWORD = "a brand new passphrase";

const forgot = (
  email: string,
  extra: { ip?: string; envOverrides?: Record<string, string> } = {},
) => call("/auth/password/forgot", { body: { email }, ...extra });

describe("forgot password", () => {
  it(
    "should answer an unknown address exactly as a known one, and e-mail only the known one",
    async () => {
      const user = await registerAndLogin("student");
      const stranger = uniqueEmail("nobody");
      const known = await forgot(user.email);
      const unknown = await forgot(stranger);
      expect(unknown.status).toBe(known.status);
      expect(known.status).toBe(202);
      expect(await unknown.text()).toBe(await known.text());
      // Same headers, apart from the per-request id and the per-address rate-limit counters.
      const names = (r: Response) =>
        [...r.headers.keys()].filter((name) => name !== "x-request-id").sort();
      expect(names(unknown)).toEqual(names(known));
      expect(unknown.headers.get("content-type")).toBe(known.headers.get("content-type"));

      const mail = await waitForMailTo(user.email, /Reset your coursecast password/);
      expect(mail.text).toContain("30 minutes");
      expect(await mailTo(stranger)).toEqual([]);
    },
    SLOW,
  );

  it(
    "should limit requests per address and per client",
    async () => {
      const prefix = () => `t-${crypto.randomUUID().slice(0, 8)}:`;
      const perAddress = { REDIS_KEY_PREFIX: prefix(), RATE_LIMIT_FORGOT_EMAIL: "2/60m" };
      const email = uniqueEmail("target");
      expect((await forgot(email, { envOverrides: perAddress })).status).toBe(202);
      expect((await forgot(email.toUpperCase(), { envOverrides: perAddress })).status).toBe(202);
      // From another client, still the same address: a mailbox cannot be flooded.
      expect((await forgot(email, { envOverrides: perAddress })).status).toBe(429);

      const perClient = { REDIS_KEY_PREFIX: prefix(), RATE_LIMIT_ACCOUNT_MAIL_IP: "2/60m" };
      const ip = "198.51.100.9";
      expect((await forgot(uniqueEmail(), { ip, envOverrides: perClient })).status).toBe(202);
      expect((await forgot(uniqueEmail(), { ip, envOverrides: perClient })).status).toBe(202);
      expect((await forgot(uniqueEmail(), { ip, envOverrides: perClient })).status).toBe(429);
    },
    SLOW,
  );
});

describe("reset password", () => {
  it(
    "should set the password once, end every session and verify the address",
    async () => {
      const user = await registerAndLogin("instructor");
      const otherDevice = await registerAndLoginAgain(user.email, user.password);
      await forgot(user.email);
      const token = await resetToken(user.email);

      // A password that breaks the rules does not use the link up.
      const weak = await callJson<{ error: { field: string } }>("/auth/password/reset", {
        body: { token, password: user.email },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.field).toBe("password");

      const reset = await call("/auth/password/reset", { body: { token, password: NEW_PASSWORD } });
      expect(reset.status).toBe(200);

      // Every session that existed is over: access and refresh tokens, both devices.
      for (const session of [user, otherDevice]) {
        expect((await call("/auth/me", { token: session.access })).status).toBe(401);
        expect(
          (await call("/auth/refresh", { body: { refresh_token: session.refresh } })).status,
        ).toBe(401);
      }
      expect(
        (await call("/auth/login", { body: { email: user.email, password: user.password } }))
          .status,
      ).toBe(401);
      const login = await callJson<{ access_token: string }>("/auth/login", {
        body: { email: user.email, password: NEW_PASSWORD },
      });
      expect(login.status).toBe(200);
      const me = await callJson<{ user: { emailVerified: boolean } }>("/auth/me", {
        token: login.body.access_token,
      });
      expect(me.body.user.emailVerified).toBe(true);

      // Replaying the link does nothing.
      const replay = await call("/auth/password/reset", {
        body: { token, password: "yet another passphrase" },
      });
      expect(replay.status).toBe(410);
      expect(
        (await call("/auth/login", { body: { email: user.email, password: NEW_PASSWORD } })).status,
      ).toBe(200);
    },
    SLOW,
  );

  it(
    "should not accept a verification link as a reset link",
    async () => {
      const user = await registerAndLogin("student");
      const mail = await waitForMailTo(user.email, /Confirm your e-mail/);
      const token = /token=([\w%-]+)/.exec(mail.text)![1]!;
      const reset = await call("/auth/password/reset", {
        body: { token: decodeURIComponent(token), password: NEW_PASSWORD },
      });
      expect(reset.status).toBe(410);
    },
    SLOW,
  );
});

async function registerAndLoginAgain(email: string, password: string) {
  const login = await callJson<{ access_token: string; refresh_token: string }>("/auth/login", {
    body: { email, password },
  });
  return { access: login.body.access_token, refresh: login.body.refresh_token };
}
