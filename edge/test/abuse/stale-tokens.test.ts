import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { services } from "../support/media.ts";

// Each test registers and logs in several accounts (scrypt inside workerd).
const SLOW = 30_000;

// Tokens are stateless: without a per-user "tokens valid after" instant, a role change
// or a deleted account left every token issued before it working until it expired.

async function admin(): Promise<TestUser> {
  const user = await registerAndLogin("student");
  await services().users.setRole(user.id, "admin");
  const login = await callJson<{ access_token: string; refresh_token: string }>("/auth/login", {
    body: { email: user.email, password: user.password },
  });
  return { ...user, access: login.body.access_token, refresh: login.body.refresh_token };
}

describe("tokens issued before a role change", () => {
  it(
    "should not let a demoted admin's old access token re-promote itself",
    async () => {
      const demoted = await admin();
      const other = await admin();
      const demote = await call(`/admin/users/${demoted.id}`, {
        method: "PATCH",
        token: other.access,
        body: { role: "student" },
      });
      expect(demote.status).toBe(200);

      const repromote = await callJson<{ error: { code: string } }>(`/admin/users/${demoted.id}`, {
        method: "PATCH",
        token: demoted.access,
        body: { role: "admin" },
      });
      expect(repromote.status).toBe(401);
      expect(repromote.body.error.code).toBe("token_revoked");
      expect((await services().users.findById(demoted.id))?.role).toBe("student");
      // The refresh family is over too: no new admin token from the old login.
      expect(
        (await call("/auth/refresh", { body: { refresh_token: demoted.refresh } })).status,
      ).toBe(401);

      // A new login carries the new role and works.
      const again = await callJson<{ access_token: string }>("/auth/login", {
        body: { email: demoted.email, password: demoted.password },
      });
      const me = await callJson<{ user: { role: string } }>("/auth/me", {
        token: again.body.access_token,
      });
      expect(me.status).toBe(200);
      expect(me.body.user.role).toBe("student");
      // The admin who made the change is untouched.
      expect((await call("/auth/me", { token: other.access })).status).toBe(200);
    },
    SLOW,
  );
});

describe("tokens of a deleted account", () => {
  it(
    "should not let a deleted user's token create videos or refresh",
    async () => {
      const root = await admin();
      const gone = await registerAndLogin("instructor");
      const removed = await call(`/admin/users/${gone.id}`, {
        method: "DELETE",
        token: root.access,
      });
      expect(removed.status).toBe(204);
      expect(await services().users.findById(gone.id)).toBeNull();

      const create = await callJson<{ error: { code: string } }>("/videos", {
        token: gone.access,
        body: { title: "t", filename: "a.mp4", size: 10, contentType: "video/mp4" },
      });
      expect(create.status).toBe(401);
      expect(create.body.error.code).toBe("token_revoked");
      expect((await call("/auth/refresh", { body: { refresh_token: gone.refresh } })).status).toBe(
        401,
      );
      const login = await call("/auth/login", {
        body: { email: gone.email, password: gone.password },
      });
      expect(login.status).toBe(401);
    },
    SLOW,
  );

  it(
    "should let only admins delete accounts, and answer 404 for an unknown one",
    async () => {
      const student = await registerAndLogin("student");
      const victim = await registerAndLogin("instructor");
      expect(
        (await call(`/admin/users/${victim.id}`, { method: "DELETE", token: student.access }))
          .status,
      ).toBe(403);
      const root = await admin();
      expect(
        (await call(`/admin/users/nobody`, { method: "DELETE", token: root.access })).status,
      ).toBe(404);
    },
    SLOW,
  );
});
