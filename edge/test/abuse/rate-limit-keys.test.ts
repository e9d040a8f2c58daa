import { describe, expect, it } from "vitest";
import { call, registerAndLogin, uniqueEmail } from "../support/api.ts";

const SLOW = 60_000;

/** Each test keeps its counters apart from every other test's (one Redis for the run). */
const isolated = (limits: Record<string, string>) => ({
  REDIS_KEY_PREFIX: `t-${crypto.randomUUID().slice(0, 8)}:`,
  ...limits,
});

describe("IPv6 clients", () => {
  it(
    "should count every address of one /64 as one client",
    async () => {
      const env = isolated({ RATE_LIMIT_LOGIN_IP: "2/60s" });
      const login = (ip: string) =>
        call("/auth/login", {
          ip,
          body: { email: uniqueEmail(), password: "wrong password!" },
          envOverrides: env,
        });
      expect((await login("2001:db8:1:2::1")).status).toBe(401);
      expect((await login("2001:db8:1:2:ffff:ffff:ffff:fffe")).status).toBe(401);
      expect((await login("2001:0db8:0001:0002:aaaa::3")).status).toBe(429);
      // Another /64 is another client.
      expect((await login("2001:db8:1:3::1")).status).toBe(401);
    },
    SLOW,
  );
});

describe("registrations", () => {
  it(
    "should cap registrations across all clients",
    async () => {
      const env = isolated({ RATE_LIMIT_REGISTER_GLOBAL: "2/60s" });
      const register = () =>
        call("/auth/register", {
          body: {
            email: uniqueEmail("burst"),
            password: "a long passphrase",
            name: "N",
            role: "student",
          },
          envOverrides: env,
        });
      expect((await register()).status).toBe(202);
      expect((await register()).status).toBe(202);
      const third = await register();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    },
    SLOW,
  );
});

describe("targeted lockout", () => {
  it(
    "should not let a stranger's ten wrong passwords lock the owner out of their own client",
    async () => {
      const owner = await registerAndLogin("instructor");
      const env = isolated({});
      const stranger = "203.0.113.7";
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const response = await call("/auth/login", {
          ip: stranger,
          body: { email: owner.email, password: `guess number ${i}` },
          envOverrides: env,
        });
        statuses.push(response.status);
      }
      // The stranger is slowed down on this account...
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s === 401).length).toBeLessThan(10);
      // ...while the owner, from their own client, still gets in.
      const mine = await call("/auth/login", {
        ip: "198.51.100.20",
        body: { email: owner.email, password: owner.password },
        envOverrides: env,
      });
      expect(mine.status).toBe(200);
    },
    SLOW,
  );

  it(
    "should still block an e-mail outright when failures come from many clients",
    async () => {
      const owner = await registerAndLogin("instructor");
      const env = isolated({ RATE_LIMIT_LOGIN_EMAIL: "4/15m" });
      for (let i = 0; i < 4; i++) {
        const response = await call("/auth/login", {
          body: { email: owner.email, password: `guess number ${i}` },
          envOverrides: env,
        });
        expect(response.status).toBe(401);
      }
      const blocked = await call("/auth/login", {
        body: { email: owner.email, password: owner.password },
        envOverrides: env,
      });
      expect(blocked.status).toBe(429);
    },
    SLOW,
  );
});
