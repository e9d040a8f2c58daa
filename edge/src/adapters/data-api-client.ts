import type { Config } from "../config.ts";
import { DependencyError } from "../errors.ts";
import { backendFetch } from "./backend-fetch.ts";

export type DataApiAction =
  | "findOne"
  | "find"
  | "insertOne"
  | "insertMany"
  | "updateOne"
  | "updateMany"
  | "deleteOne"
  | "deleteMany"
  | "aggregate";

/** The Data API answered 4xx with a recognisable duplicate-key error. */
export class DuplicateKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DuplicateKeyError";
  }
}

/**
 * A thin client of the MongoDB Data API v1 protocol (Atlas-compatible, or our
 * `data-api/` gateway). It speaks plain JSON, not Extended JSON (relaxed or
 * canonical): it sends `application/json` and no Accept, so the answer is plain
 * JSON too, ObjectIds and dates as strings. The gateway parses every body as
 * Extended JSON (`relaxed: false`), so a `$oid`, `$date` or `$numberLong` wrapper
 * would become a BSON value; the edge sends none: it stores string ids and ISO
 * date strings.
 */
export class DataApiClient {
  private readonly config: Config;

  constructor(config: Config) {
    this.config = config;
  }

  async action<T>(
    action: DataApiAction,
    collection: string,
    body: Record<string, unknown>,
  ): Promise<T> {
    const url = `${this.config.DATA_API_URL.replace(/\/$/, "")}/action/${action}`;
    const response = await backendFetch(
      "data-api",
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "api-key": this.config.DATA_API_KEY },
        body: JSON.stringify({
          dataSource: this.config.DATA_API_DATA_SOURCE,
          database: this.config.DATA_API_DATABASE,
          collection,
          ...body,
        }),
      },
      this.config.BACKEND_TIMEOUT_MS,
    );
    const text = await response.text();
    if (!response.ok) {
      if (/duplicate key|E11000/i.test(text)) throw new DuplicateKeyError(text);
      throw new DependencyError(
        "data-api",
        `${action} on ${collection} answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
    return JSON.parse(text) as T;
  }

  async ping(): Promise<void> {
    await this.action("findOne", "health", { filter: { _id: "ping" } });
  }
}
