import { describe, expect, it } from "vitest";
import { call, callJson, registerAndLogin, uniqueEmail } from "../support/api.ts";

const password = "a long enough password";

describe("POST /auth/register", () => {
  it("should create an account that can log in, answering 202 without the account", async () => {
    const email = uniqueEmail();
    const { status, body } = await callJson<Record<string, unknown>>("/auth/register", {
      body: { email: `  ${email.toUpperCase()} `, password, name: "Ada", role: "instructor" },
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: "accepted" });
    expect(body).not.toHaveProperty("user");
    const login = await callJson<{ access_token: string }>("/auth/login", {
      body: { email, password },
    });
    expect(login.status).toBe(200);
    const me = await callJson<{ user: Record<string, unknown> }>("/auth/me", {
      token: login.body.access_token,
    });
    expect(me.body.user).toMatchObject({
      email,
      name: "Ada",
      role: "instructor",
      emailVerified: false,
    });
    expect(me.body.user).not.toHaveProperty("passwordHash");
  });

  it("should not register the same e-mail twice, whatever its case", async () => {
    const email = uniqueEmail();
    await callJson("/auth/register", { body: { email, password, name: "A", role: "student" } });
    const again = await callJson("/auth/register", {
      body: {
        email: email.toUpperCase(),
        password: "another password 2",
        name: "B",
        role: "student",
      },
    });
    // The same answer as a new registration (account-enumeration.test.ts), but no second account.
    expect(again.status).toBe(202);
    const second = await call("/auth/login", { body: { email, password: "another password 2" } });
    expect(second.status).toBe(401);
    expect((await call("/auth/login", { body: { email, password } })).status).toBe(200);
  });

  it("should not accept weak or invalid input, naming the field", async () => {
    const email = uniqueEmail();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email, password: "short", name: "A", role: "student" }, "password"],
      [{ email, password: email, name: "A", role: "student" }, "password"],
      [{ email: "not-an-email", password, name: "A", role: "student" }, "email"],
      [{ email, password, name: "A", role: "admin" }, "role"],
      [{ email, password: "x".repeat(257), name: "A", role: "student" }, "password"],
    ];
    for (const [body, field] of cases) {
      const response = await callJson<{ error: { code: string; field: string } }>(
        "/auth/register",
        { body },
      );
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: "validation_failed", field });
    }
  });
});

describe("POST /auth/login", () => {
  it("should log in with a JSON body and with HTTP Basic", async () => {
    const user = await registerAndLogin("student");
    expect(user.access.split(".")).toHaveLength(3);
    const basic = await callJson<{ access_token: string; token_type: string; expires_in: number }>(
      "/auth/login",
      {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${user.email}:${user.password}`)}` },
      },
    );
    expect(basic.status).toBe(200);
    expect(basic.body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
  });

  it("should not tell an unknown e-mail from a wrong password", async () => {
    const user = await registerAndLogin("student");
    const wrong = await callJson("/auth/login", {
      body: { email: user.email, password: "wrong password!" },
    });
    const unknown = await callJson("/auth/login", {
      body: { email: uniqueEmail(), password: "wrong password!" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it("should answer /auth/me with the current user only when authenticated", async () => {
    const user = await registerAndLogin("instructor");
    const me = await callJson<{ user: { id: string; role: string } }>("/auth/me", {
      token: user.access,
    });
    expect(me.body.user).toMatchObject({ id: user.id, role: "instructor" });
    expect((await call("/auth/me")).status).toBe(401);
    expect(
      (await call("/auth/me", { headers: { authorization: "Bearer not.a.token" } })).status,
    ).toBe(401);
  });
});
