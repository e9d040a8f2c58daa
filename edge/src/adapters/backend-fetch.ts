import { DependencyError } from "../errors.ts";

/**
 * `fetch` to a backend with a deadline. Network failures and timeouts become a
 * DependencyError (503 to the client) so that no caller ever hangs or passes
 * a request through unchecked.
 */
export async function backendFetch(
  dependency: string,
  input: string | URL | Request,
  init: RequestInit = {},
  timeoutMs = 5000,
): Promise<Response> {
  try {
    return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const reason =
      cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")
        ? `no answer within ${timeoutMs} ms`
        : "unreachable";
    throw new DependencyError(dependency, reason, { cause });
  }
}
