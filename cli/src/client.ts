import { loadCredentials, saveCredentials, type Credentials } from "./credentials.ts";

export class CliError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

interface TokenPair {
  access_token: string;
  refresh_token: string;
}

/** An authenticated API client: the stored refresh token is rotated on every run. */
export class Client {
  readonly apiUrl: string;
  private accessToken: string;

  private constructor(apiUrl: string, accessToken: string) {
    this.apiUrl = apiUrl;
    this.accessToken = accessToken;
  }

  static async login(apiUrl: string, email: string, password: string): Promise<Client> {
    const pair = await send<TokenPair>(apiUrl, "POST", "/auth/login", {
      body: { email, password },
    });
    await saveCredentials({ apiUrl, refreshToken: pair.refresh_token });
    return new Client(apiUrl, pair.access_token);
  }

  static async fromStoredCredentials(): Promise<Client> {
    const credentials: Credentials | null = await loadCredentials();
    if (!credentials) throw new CliError("Not logged in: run `coursecast login` first.");
    const pair = await send<TokenPair>(credentials.apiUrl, "POST", "/auth/refresh", {
      body: { refresh_token: credentials.refreshToken },
    }).catch((err: unknown) => {
      if (err instanceof CliError && err.status === 401)
        throw new CliError("Session expired: run `coursecast login` again.", 401);
      throw err;
    });
    await saveCredentials({ apiUrl: credentials.apiUrl, refreshToken: pair.refresh_token });
    return new Client(credentials.apiUrl, pair.access_token);
  }

  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return send<T>(this.apiUrl, method, path, { body, token: this.accessToken });
  }
}

async function send<T>(
  apiUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string },
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers,
    redirect: "manual",
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (response.status === 204) return undefined as T;
  if (response.status >= 300 && response.status < 400) {
    return { location: response.headers.get("location") } as T;
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const error = (json as { error?: { code: string; message: string } } | null)?.error;
    const retry = response.headers.get("retry-after");
    throw new CliError(
      `${error?.message ?? `HTTP ${response.status}`}${error ? ` (${error.code})` : ""}${retry ? `; retry in ${retry} s` : ""}`,
      response.status,
    );
  }
  return json as T;
}
