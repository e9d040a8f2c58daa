import { ApiError, EdgeClient } from "../../edge/client/edge-client.ts";
import { loadCredentials, saveCredentials, type Credentials } from "./credentials.ts";

export class CliError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The edge's error, worded for a terminal: message, code and when to retry. */
function toCliError(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const described = err.code === "unknown" ? `HTTP ${err.status}` : `${err.message} (${err.code})`;
  const retry = err.retryAfter ? `; retry in ${err.retryAfter} s` : "";
  return new CliError(`${described}${retry}`, err.status);
}

async function cliErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toCliError(err);
  }
}

/** An authenticated API client: the stored refresh token is rotated on every run. */
export class Client {
  readonly apiUrl: string;
  private readonly api: EdgeClient;

  private constructor(apiUrl: string, accessToken: string) {
    this.apiUrl = apiUrl;
    this.api = new EdgeClient({ baseUrl: apiUrl, accessToken: () => accessToken });
  }

  static async login(apiUrl: string, email: string, password: string): Promise<Client> {
    const pair = await cliErrors(new EdgeClient({ baseUrl: apiUrl }).login(email, password));
    await saveCredentials({ apiUrl, refreshToken: pair.refresh_token });
    return new Client(apiUrl, pair.access_token);
  }

  static async fromStoredCredentials(): Promise<Client> {
    const credentials: Credentials | null = await loadCredentials();
    if (!credentials) throw new CliError("Not logged in: run `coursecast login` first.");
    const pair = await cliErrors(
      new EdgeClient({ baseUrl: credentials.apiUrl }).refresh(credentials.refreshToken),
    ).catch((err: unknown) => {
      if (err instanceof CliError && err.status === 401)
        throw new CliError("Session expired: run `coursecast login` again.", 401);
      throw err;
    });
    await saveCredentials({ apiUrl: credentials.apiUrl, refreshToken: pair.refresh_token });
    return new Client(credentials.apiUrl, pair.access_token);
  }

  /** Runs calls of the edge client; the edge's errors become CLI errors. */
  call<T>(work: (api: EdgeClient) => Promise<T>): Promise<T> {
    return cliErrors(work(this.api));
  }
}
