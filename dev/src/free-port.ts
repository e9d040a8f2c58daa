import { readFileSync } from "node:fs";
import { createServer } from "node:net";

// Ports for a child process to bind later. An ephemeral port the OS hands out
// and releases can be handed out again at once, to any outgoing connection
// (Redis, RabbitMQ, wrangler's own sockets) before the child binds it: CI once
// failed on exactly that. So the ports come from below the ephemeral range,
// where the OS never assigns them by itself.
const EPHEMERAL_LOW = (() => {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/);
    return Number(low) || 32768;
  } catch {
    return 32768;
  }
})();
const RANGE_LOW = 20_000;
const RANGE_HIGH = Math.max(RANGE_LOW + 1000, EPHEMERAL_LOW - 1);
const handedOut = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port outside the OS's ephemeral range that is free now and not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = RANGE_LOW + Math.floor(Math.random() * (RANGE_HIGH - RANGE_LOW));
    if (handedOut.has(port) || !(await canBind(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${RANGE_LOW} and ${RANGE_HIGH}`);
}
