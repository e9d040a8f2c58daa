import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin } from "../support/api.ts";

// Registering and logging in run scrypt inside workerd.
const SLOW = 60_000;
const NEW_PASSWORD = "a brand new passphrase";

type Pair = { access_token: string; refresh_token: string };

describe("POST /auth/password", () => {
  it(
    "should refuse a wrong current password or a new one that breaks the rules",
    async () => {
      const user = await registerAndLogin("student");
      const wrong = await callJson<{ error: { field: string } }>("/auth/password", {
        token: user.access,
        body: { currentPassword: "not my password", newPassword: NEW_PASSWORD },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.field).toBe("currentPassword");
      const weak = await callJson<{ error: { field: string } }>("/auth/password", {
        token: user.access,
        body: { currentPassword: user.password, newPassword: user.email },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.field).toBe("newPassword");
      expect((await call("/auth/me", { token: user.access })).status).toBe(200);
    },
    SLOW,
  );

  it(
    "should end every other session and hand this one a fresh pair",
    async () => {
      const user = await registerAndLogin("instructor");
      const other = await callJson<Pair>("/auth/login", {
        body: { email: user.email, password: user.password },
      });
      const changed = await callJson<Pair>("/auth/password", {
        token: user.access,
        body: { currentPassword: user.password, newPassword: NEW_PASSWORD },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("cache-control")).toContain("no-store");

      for (const old of [
        { access: user.access, refresh: user.refresh },
        { access: other.body.access_token, refresh: other.body.refresh_token },
      ]) {
        expect((await call("/auth/me", { token: old.access })).status).toBe(401);
        expect((await call("/auth/refresh", { body: { refresh_token: old.refresh } })).status).toBe(
          401,
        );
      }
      expect((await call("/auth/me", { token: changed.body.access_token })).status).toBe(200);
      const rotated = await call("/auth/refresh", {
        body: { refresh_token: changed.body.refresh_token },
      });
      expect(rotated.status).toBe(200);
      expect(
        (await call("/auth/login", { body: { email: user.email, password: user.password } }))
          .status,
      ).toBe(401);
      expect(
        (await call("/auth/login", { body: { email: user.email, password: NEW_PASSWORD } })).status,
      ).toBe(200);
    },
    SLOW,
  );
});
