/**
 * The console's API client. The access token lives only in memory; the refresh
 * token is an HttpOnly cookie the edge sets for the console (scripts cannot read
 * it, so an XSS cannot steal a long-lived credential). A silent refresh runs
 * before the access token expires and once more on a 401.
 */
import { ApiError, EdgeClient, type RequestOptions } from "../../client/edge-client.ts";

export { ApiError };

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
    case "gone":
    case "forbidden":
      return err.message;
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

  /** The typed client of the edge, sending this session's access token. */
  readonly client = new EdgeClient({
    accessToken: () => this.accessToken,
    onUnauthorized: () => this.refresh(),
    credentials: "same-origin",
  });

  async login(email: string, password: string): Promise<void> {
    const body = await this.client.consoleLogin(email, password);
    this.setSession(body.access_token, body.expires_in);
  }

  /** Restores a session from the refresh cookie; false when there is none. */
  async refresh(): Promise<boolean> {
    try {
      const body = await this.client.consoleRefresh();
      this.setSession(body.access_token, body.expires_in);
      return true;
    } catch {
      this.setSession(null);
      return false;
    }
  }

  /** Changes the password: the edge ends every other session and renews this one's cookie. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const body = await this.client.consoleChangePassword(currentPassword, newPassword);
    this.setSession(body.access_token, body.expires_in);
  }

  /** Forgets the in-memory session (after a password reset ended every session). */
  forget(): void {
    this.setSession(null);
  }

  async logout(): Promise<void> {
    try {
      await this.client.consoleLogout();
    } finally {
      this.setSession(null);
    }
  }

  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.client.request<T>(method, path, options);
  }
}
