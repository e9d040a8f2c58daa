/**
 * The console's API client. The access token lives only in memory; the refresh
 * token is an HttpOnly cookie the edge sets for the console (scripts cannot read
 * it, so an XSS cannot steal a long-lived credential). A silent refresh runs
 * before the access token expires and once more on a 401.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ApiErrorBody | null, retryAfter?: number) {
    super(body?.error.message ?? `Request failed with status ${status}`);
    this.status = status;
    this.code = body?.error.code ?? "unknown";
    this.field = body?.error.field;
    this.retryAfter = retryAfter;
  }
}

/** A message a person can act on, for every error the API returns. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  switch (err.code) {
    case "rate_limited":
      return `Too many attempts. Try again in ${err.retryAfter ?? 60} seconds.`;
    case "payload_too_large":
      return `That file is too large. ${err.message}`;
    case "unsupported_media_type":
      return `That file type is not supported. ${err.message}`;
    case "invalid_credentials":
      return "Wrong e-mail or password.";
    case "conflict":
      return err.message;
    case "dependency_unavailable":
      return "The service is briefly unavailable. Your upload is safe; try again in a moment.";
    case "validation_failed":
      return err.field ? `Check “${err.field}”: ${err.message}` : err.message;
    default:
      return err.message;
  }
}

type Listener = (signedIn: boolean) => void;

export class Api {
  private accessToken: string | null = null;
  private refreshTimer: number | undefined;
  private readonly listeners = new Set<Listener>();

  onSessionChange(listener: Listener): void {
    this.listeners.add(listener);
  }

  get signedIn(): boolean {
    return this.accessToken !== null;
  }

  private setSession(token: string | null, expiresIn = 0): void {
    this.accessToken = token;
    window.clearTimeout(this.refreshTimer);
    if (token) {
      // Refresh a minute before expiry (or halfway for very short tokens).
      const lead = Math.min(60, expiresIn / 2);
      this.refreshTimer = window.setTimeout(() => void this.refresh(), (expiresIn - lead) * 1000);
    }
    for (const listener of this.listeners) listener(token !== null);
  }

  async login(email: string, password: string): Promise<void> {
    const body = await this.request<{ access_token: string; expires_in: number }>(
      "POST",
      "/auth/console/login",
      {
        body: { email, password },
        auth: false,
      },
    );
    this.setSession(body.access_token, body.expires_in);
  }

  /** Restores a session from the refresh cookie; false when there is none. */
  async refresh(): Promise<boolean> {
    try {
      const body = await this.request<{ access_token: string; expires_in: number }>(
        "POST",
        "/auth/console/refresh",
        {
          auth: false,
        },
      );
      this.setSession(body.access_token, body.expires_in);
      return true;
    } catch {
      this.setSession(null);
      return false;
    }
  }

  async logout(): Promise<void> {
    try {
      await this.request("POST", "/auth/console/logout", {});
    } finally {
      this.setSession(null);
    }
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; auth?: boolean; retried?: boolean; keepalive?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.auth !== false && this.accessToken)
      headers.authorization = `Bearer ${this.accessToken}`;
    const response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.keepalive ? { keepalive: true } : {}),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    if (
      response.status === 401 &&
      options.auth !== false &&
      !options.retried &&
      (await this.refresh())
    ) {
      return this.request<T>(method, path, { ...options, retried: true });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after") ?? "") || undefined;
      throw new ApiError(response.status, json as ApiErrorBody | null, retryAfter);
    }
    return json as T;
  }
}
