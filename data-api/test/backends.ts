import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDataApi, type DataApi } from "../src/index.ts";

// One contract for both backends. No MongoDB server runs on these machines (and
// mongodb-memory-server would download a mongod binary), so the driver half runs
// only where MONGODB_URI is set; the embedded store is held to the same tests.
export const backends = [
  { name: "embedded store", mongodbUri: undefined as string | undefined, driver: false },
  { name: "official mongodb driver", mongodbUri: process.env.MONGODB_URI, driver: true },
];

export type Backend = (typeof backends)[number];

export const skipBackend = (backend: Backend) => backend.driver && !backend.mongodbUri;

/** A gateway on a free port over a temporary directory (or MONGODB_URI), restartable. */
export async function startGateway(
  backend: Backend,
  options: { apiKeys: string[]; database: string },
): Promise<{ api: DataApi; restart(): Promise<void>; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "data-api-"));
  const start = () =>
    startDataApi({
      port: 0,
      apiKeys: options.apiKeys,
      ...(backend.mongodbUri ? { mongodbUri: backend.mongodbUri } : { dataDir: dir }),
      indexes: [
        { database: options.database, collection: "users", fields: { email: 1 }, unique: true },
      ],
      silent: true,
    });
  const gateway = {
    api: await start(),
    restart: async () => {
      await gateway.api.close();
      gateway.api = await start();
    },
    stop: async () => {
      await gateway.api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return gateway;
}
