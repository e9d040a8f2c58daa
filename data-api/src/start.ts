import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createDataApiApp } from "./app.ts";
import type { DocumentStore, IndexSpec } from "./document-store.ts";
import { EmbeddedStore } from "./embedded-store.ts";
import { MongoStore } from "./mongo-store.ts";

export interface DataApiOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted `api-key` values; several allow rotation without downtime. */
  apiKeys: string[];
  /** Use MongoDB through the official driver (pool size: `maxPoolSize` in the URI). */
  mongodbUri?: string;
  /** The embedded store's directory, used when no `mongodbUri` is given. */
  dataDir?: string;
  /** Indexes created on start (createIndex on MongoDB, ensureIndex on the embedded store). */
  indexes?: IndexSpec[];
  silent?: boolean;
  maxBodyBytes?: number;
}

export interface DataApi {
  /** Base URL; actions are at `${url}/action/<name>`. */
  url: string;
  port: number;
  backend: DocumentStore["backend"];
  close(): Promise<void>;
}

async function openStore(options: DataApiOptions): Promise<DocumentStore> {
  if (options.mongodbUri) return MongoStore.connect(options.mongodbUri);
  if (options.dataDir) return new EmbeddedStore(options.dataDir);
  throw new Error("startDataApi needs mongodbUri or dataDir");
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  host: string,
) {
  return new Promise<Server>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, () => resolve(server as Server));
    server.once("error", reject);
  });
}

/** Starts the gateway on the official driver (`mongodbUri`) or the embedded store (`dataDir`). */
export async function startDataApi(options: DataApiOptions): Promise<DataApi> {
  if (options.apiKeys.length === 0 || options.apiKeys.some((key) => !key))
    throw new Error("startDataApi needs at least one non-empty api key");
  const store = await openStore(options);
  let server: Server;
  try {
    await store.ensureIndexes(options.indexes ?? []);
    const app = createDataApiApp(store, options);
    server = await listen(app.fetch, options.port ?? 0, options.host ?? "127.0.0.1");
  } catch (err) {
    await store.close();
    throw err;
  }
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === "IPv6" ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    backend: store.backend,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await store.close();
      })()),
  };
}
