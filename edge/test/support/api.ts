import { env, exports } from "cloudflare:workers";
import { createApp } from "../../src/app.ts";

export const ORIGIN = "http://edge.test";

/** A fresh client address per caller, so rate limits of one test never leak into another. */
export function randomIp(): string {
  const n = crypto.getRandomValues(new Uint8Array(3));
  return `10.${n[0]}.${n[1]}.${n[2]}`;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  ip?: string;
  /** Bindings to override, for a Worker with another configuration (keys, limits, a dead backend). */
  envOverrides?: Record<string, string>;
}

/** Calls the Worker under test: its real `fetch` export, or the app with overridden bindings. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "cf-connecting-ip": options.ip ?? randomIp(),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${ORIGIN}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    redirect: "manual",
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (options.envOverrides) return createApp().fetch(request, { ...env, ...options.envOverrides });
  return exports.default.fetch(request);
}

export async function callJson<T = Record<string, unknown>>(
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await call(path, options);
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export async function registerAndLogin(
  role: "student" | "instructor" = "instructor",
  email = uniqueEmail(role),
): Promise<TestUser> {
  const password = "correct horse battery";
  const registered = await callJson("/auth/register", {
    body: { email, password, name: "Test User", role },
  });
  if (registered.status !== 202)
    throw new Error(`register failed: ${JSON.stringify(registered.body)}`);
  const login = await callJson<{ access_token: string; refresh_token: string }>("/auth/login", {
    body: { email, password },
  });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    id: tokenSubject(login.body.access_token),
    email,
    password,
    access: login.body.access_token,
    refresh: login.body.refresh_token,
  };
}

/** The user id a token speaks for (register no longer returns the account: it reveals none). */
export function tokenSubject(token: string): string {
  const payload = token.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/");
  return (JSON.parse(atob(payload)) as { sub: string }).sub;
}
