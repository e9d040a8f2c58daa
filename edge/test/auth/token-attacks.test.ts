import { env } from "cloudflare:workers";
import { base64url, importJWK, SignJWT, type JWK } from "jose";
import { describe, expect, inject, it } from "vitest";
import { callJson, registerAndLogin } from "../support/api.ts";

// Forged tokens are built here with the Worker's own private key (from its bindings),
// so each test changes exactly one thing a verifier must check.
const privateJwk = (JSON.parse(env.JWT_PRIVATE_JWKS) as { keys: JWK[] }).keys[0]!;
const spareJwk = JSON.parse(inject("spareJwk")) as JWK;

async function forge(
  options: {
    claims?: Record<string, unknown>;
    header?: Record<string, unknown>;
    jwk?: JWK;
    typ?: string;
  } = {},
) {
  const user = await registerAndLogin("student");
  const jwk = options.jwk ?? privateJwk;
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    role: "student",
    fid: crypto.randomUUID(),
    sub: user.id,
    jti: crypto.randomUUID(),
    iss: env.JWT_ISSUER,
    aud: env.JWT_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + 600,
    ...options.claims,
  };
  const token = await new SignJWT(payload)
    .setProtectedHeader({
      alg: "RS256",
      kid: jwk.kid!,
      typ: options.typ ?? "at+jwt",
      ...options.header,
    })
    .sign(await importJWK({ ...jwk, alg: "RS256" }, "RS256"));
  return token;
}

const me = (token: string) => callJson<{ error?: { code: string } }>("/auth/me", { token });

describe("access token verification", () => {
  it("should authorize a well-formed token signed with the current key", async () => {
    expect((await me(await forge())).status).toBe(200);
  });

  it("should not authorize an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await me(
      await forge({ claims: { exp: now - 60, iat: now - 1000, nbf: now - 1000 } }),
    );
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe("token_expired");
  });

  it("should not authorize a token that is not yet valid", async () => {
    const later = Math.floor(Date.now() / 1000) + 3600;
    expect((await me(await forge({ claims: { nbf: later, iat: later } }))).status).toBe(401);
  });

  it("should not authorize a wrong audience or issuer", async () => {
    expect((await me(await forge({ claims: { aud: "someone-else" } }))).status).toBe(401);
    expect((await me(await forge({ claims: { iss: "https://evil.test" } }))).status).toBe(401);
  });

  it("should not authorize a key id the Worker does not hold", async () => {
    expect((await me(await forge({ jwk: spareJwk }))).status).toBe(401);
    expect((await me(await forge({ header: { kid: "../../etc/passwd" } }))).status).toBe(401);
  });

  it("should not authorize a tampered payload", async () => {
    const [header, , signature] = (await forge()).split(".");
    const payload = base64url.encode(
      JSON.stringify({ sub: "admin", role: "admin", jti: "x", fid: "y" }),
    );
    expect((await me(`${header}.${payload}.${signature}`)).status).toBe(401);
  });

  it("should not authorize alg none", async () => {
    const [, payload] = (await forge()).split(".");
    const header = base64url.encode(
      JSON.stringify({ alg: "none", typ: "at+jwt", kid: privateJwk.kid }),
    );
    expect((await me(`${header}.${payload}.`)).status).toBe(401);
  });

  it("should not authorize HS256 signed with the public key", async () => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: "admin", fid: "f" })
      .setProtectedHeader({ alg: "HS256", kid: privateJwk.kid!, typ: "at+jwt" })
      .setSubject("someone")
      .setJti("j")
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .sign(secret);
    expect((await me(token)).status).toBe(401);
  });

  it("should not accept a refresh token as an access token, nor the reverse", async () => {
    const user = await registerAndLogin("student");
    expect((await me(user.refresh)).status).toBe(401);
    expect((await callJson("/auth/refresh", { body: { refresh_token: user.access } })).status).toBe(
      401,
    );
    expect((await me(await forge({ typ: "JWT" }))).status).toBe(401);
  });
});
