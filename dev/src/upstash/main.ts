import { shimOptionsFromEnv, ShimConfigError } from "./env-config.ts";
import { startUpstashShim } from "./server.ts";

let options;
try {
  options = shimOptionsFromEnv(process.env);
} catch (err) {
  if (!(err instanceof ShimConfigError)) throw err;
  console.error(JSON.stringify({ component: "upstash-shim", level: "fatal", msg: err.message }));
  process.exit(1);
}
const shim = await startUpstashShim(options);
console.log(JSON.stringify({ component: "upstash-shim", msg: "listening", url: shim.url }));
process.on("SIGINT", () => void shim.close().then(() => process.exit(0)));
