import { fileURLToPath } from "node:url";
import { GatewayConfigError, gatewayOptionsFromEnv } from "./env-config.ts";
import { startDataApi } from "./start.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
let options;
try {
  options = gatewayOptionsFromEnv(process.env, repoRoot);
} catch (err) {
  if (!(err instanceof GatewayConfigError)) throw err;
  console.error(JSON.stringify({ component: "data-api", level: "fatal", msg: err.message }));
  process.exit(1);
}
const api = await startDataApi(options);
console.log(
  JSON.stringify({ component: "data-api", msg: "listening", url: api.url, backend: api.backend }),
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void api.close().then(() => process.exit(0)));
