import { createApp } from "./app.ts";
import { createLogger } from "./log.ts";
import { getServices } from "./services.ts";
import { runSweeper } from "./videos/sweeper.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      runSweeper(getServices(env)).catch((err: unknown) =>
        createLogger({ component: "sweeper" }).error("Cannot sweep", { err }),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
