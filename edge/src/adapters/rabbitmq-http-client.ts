import type { Config } from "../config.ts";
import { DependencyError } from "../errors.ts";
import { backendFetch } from "./backend-fetch.ts";

/** RabbitMQ's management HTTP API: the broker route a Worker can use (no raw TCP AMQP). */
export class RabbitHttpClient {
  private readonly base: string;
  private readonly authorization: string;
  readonly vhost: string;
  private readonly timeoutMs: number;

  constructor(config: Config) {
    this.base = config.RABBITMQ_API_URL.replace(/\/$/, "");
    this.authorization = `Basic ${btoa(`${config.RABBITMQ_API_USER}:${config.RABBITMQ_API_PASSWORD}`)}`;
    this.vhost = config.RABBITMQ_VHOST;
    this.timeoutMs = config.BACKEND_TIMEOUT_MS;
  }

  /** `path` is relative to `/api/`, with the vhost already encoded by the caller when needed. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", this.authorization);
    if (init.body) headers.set("content-type", "application/json");
    return backendFetch(
      "rabbitmq",
      `${this.base}/api/${path}`,
      { ...init, headers },
      this.timeoutMs,
    );
  }

  encodedVhost(): string {
    return encodeURIComponent(this.vhost);
  }

  async ping(): Promise<void> {
    const response = await this.request(`vhosts/${this.encodedVhost()}`);
    if (!response.ok)
      throw new DependencyError("rabbitmq", `vhost check answered ${response.status}`);
  }
}
