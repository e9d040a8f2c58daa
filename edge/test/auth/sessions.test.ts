import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { call, callJson, registerAndLogin, uniqueEmail } from "../support/api.ts";
import { verificationToken } from "../support/mail.ts";

type Pair = { access_token: string; refresh_token: string };
const refresh = (token: string) =>
  callJson<Pair & { error?: { code: string } }>("/auth/refresh", {
    body: { refresh_token: token },
  });

describe("refresh rotation", () => {
  it("should rotate twice, then revoke the whole family when an old token is replayed", async () => {
    const user = await registerAndLogin("student");
    const first = await refresh(user.refresh);
    expect(first.status).toBe(200);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    expect((await call("/auth/me", { token: second.body.access_token })).status).toBe(200);

    const replay = await refresh(user.refresh);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.code).toBe("token_revoked");
    // The descendant pair dies with its family.
    expect((await call("/auth/me", { token: second.body.access_token })).status).toBe(401);
    expect((await refresh(second.body.refresh_token)).status).toBe(401);
  });

  it("should keep other logins of the same user alive", async () => {
    const user = await registerAndLogin("student");
    const other = await callJson<Pair>("/auth/login", {
      body: { email: user.email, password: user.password },
    });
    await refresh(user.refresh);
    await refresh(user.refresh);
    expect((await call("/auth/me", { token: other.body.access_token })).status).toBe(200);
  });
});

describe("POST /auth/logout", () => {
  it("should blacklist the access token and revoke its refresh family", async () => {
    const user = await registerAndLogin("instructor");
    expect((await call("/auth/logout", { method: "POST", token: user.access })).status).toBe(204);
    const after = await callJson<{ error: { code: string } }>("/auth/me", { token: user.access });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("token_revoked");
    expect((await refresh(user.refresh)).status).toBe(401);
  });
});

describe("key rotation", () => {
  it("should sign with the new first key while tokens of the old key still verify, until it is removed", async () => {
    const user = await registerAndLogin("student");
    const current = (JSON.parse(env.JWT_PRIVATE_JWKS) as { keys: unknown[] }).keys;
    const spare = JSON.parse(inject("spareJwk")) as { kid: string };
    const rotated = { JWT_PRIVATE_JWKS: JSON.stringify({ keys: [spare, ...current] }) };

    expect((await call("/auth/me", { token: user.access, envOverrides: rotated })).status).toBe(
      200,
    );
    const login = await callJson<Pair>("/auth/login", {
      body: { email: user.email, password: user.password },
      envOverrides: rotated,
    });
    const header = JSON.parse(atob(login.body.access_token.split(".")[0]!)) as { kid: string };
    expect(header.kid).toBe(spare.kid);
    const jwks = await callJson<{ keys: Array<{ kid: string; d?: string }> }>(
      "/.well-known/jwks.json",
      { envOverrides: rotated },
    );
    expect(jwks.body.keys.map((k) => k.kid)).toContain(spare.kid);

    const retired = { JWT_PRIVATE_JWKS: JSON.stringify({ keys: [spare] }) };
    expect((await call("/auth/me", { token: user.access, envOverrides: retired })).status).toBe(
      401,
    );
    expect(
      (await call("/auth/me", { token: login.body.access_token, envOverrides: retired })).status,
    ).toBe(200);
  });

  it("should publish only public key members, cacheably", async () => {
    const response = await callJson<{ keys: Array<Record<string, string>> }>(
      "/.well-known/jwks.json",
    );
    expect(response.body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    for (const key of response.body.keys)
      for (const member of ["d", "p", "q", "dp", "dq", "qi"])
        expect(key).not.toHaveProperty(member);
    expect(response.headers.get("cache-control")).toContain("max-age");
  });
});

describe("roles", () => {
  it("should let only an admin change roles", async () => {
    const adminEmail = uniqueEmail("admin");
    const withBootstrap = { ADMIN_BOOTSTRAP_EMAIL: adminEmail };
    const student = await registerAndLogin("student");
    const forbidden = await callJson("/admin/users/" + student.id, {
      method: "PATCH",
      token: student.access,
      body: { role: "instructor" },
    });
    expect(forbidden.status).toBe(403);

    const reg = await call("/auth/register", {
      body: { email: adminEmail, password: "admin password 1", name: "Root", role: "student" },
      envOverrides: withBootstrap,
    });
    expect(reg.status).toBe(202);
    // The bootstrap address becomes an admin once it is verified (email-verification.test.ts).
    const verified = await callJson<{ user: { role: string } }>("/auth/verify", {
      body: { token: await verificationToken(adminEmail) },
      envOverrides: withBootstrap,
    });
    expect(verified.body.user.role).toBe("admin");
    const admin = await callJson<Pair>("/auth/login", {
      body: { email: adminEmail, password: "admin password 1" },
    });
    const promoted = await callJson<{ user: { role: string } }>("/admin/users/" + student.id, {
      method: "PATCH",
      token: admin.body.access_token,
      body: { role: "instructor" },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.user.role).toBe("instructor");
    const missing = await callJson("/admin/users/nobody", {
      method: "PATCH",
      token: admin.body.access_token,
      body: { role: "student" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("rate limits", () => {
  it("should answer 429 with Retry-After and RateLimit headers past the login limit for one e-mail", async () => {
    const user = await registerAndLogin("student");
    const limits = { RATE_LIMIT_LOGIN_EMAIL: "2/60s" };
    const attempt = () =>
      call("/auth/login", {
        body: { email: user.email, password: "wrong password!" },
        envOverrides: limits,
      });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-limit")).toBe("2");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("should not limit a different e-mail", async () => {
    const limits = { RATE_LIMIT_LOGIN_EMAIL: "1/60s" };
    const a = await call("/auth/login", {
      body: { email: uniqueEmail(), password: "x" },
      envOverrides: limits,
    });
    const b = await call("/auth/login", {
      body: { email: uniqueEmail(), password: "x" },
      envOverrides: limits,
    });
    expect([a.status, b.status]).toEqual([401, 401]);
  });
});

describe("Redis unreachable", () => {
  it("should fail authenticated requests closed with 503, never pass them", async () => {
    const user = await registerAndLogin("student");
    const down = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" };
    const response = await callJson<{ error: { code: string } }>("/auth/me", {
      token: user.access,
      envOverrides: down,
    });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("dependency_unavailable");
    expect(response.headers.get("retry-after")).toBeTruthy();
  });
});
