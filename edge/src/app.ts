import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { attachmentRoutes } from "./attachments/routes.ts";
import { accountRoutes } from "./auth/account-routes.ts";
import { adminRoutes } from "./auth/admin-routes.ts";
import { consoleSessionRoutes } from "./auth/console-session-routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { createRouter } from "./http/create-router.ts";
import { errorBody, handleError } from "./http/error-response.ts";
import { requestContext } from "./http/request-context.ts";
import { noStore, securityHeaders } from "./http/security-headers.ts";
import { wellFormedStrings } from "./http/well-formed-strings.ts";
import { loadConfig } from "./config.ts";
import { ensureCoursesMigrated } from "./courses/migration-middleware.ts";
import { enrolmentRoutes } from "./courses/enrolment-routes.ts";
import { progressRoutes } from "./courses/progress-routes.ts";
import { courseFileRoutes } from "./courses/course-file-routes.ts";
import { courseRoutes } from "./courses/routes.ts";
import { coInstructorRoutes } from "./courses/co-instructor-routes.ts";
import { getServices } from "./services.ts";
import { playbackRoutes } from "./playback/routes.ts";
import { videoRoutes } from "./videos/routes.ts";
import { uploadSigningRoutes } from "./videos/upload-signing-routes.ts";
import { webhookRoutes } from "./webhooks/routes.ts";

const SCALAR_BUNDLE = "/assets/scalar-api-reference.js";

const API_PREFIXES = [
  "/auth",
  "/admin",
  "/videos",
  "/courses",
  "/enrolments",
  "/invites",
  "/webhooks",
  "/healthz",
  "/openapi.json",
  "/docs",
  "/.well-known",
];

export function createApp() {
  const app = createRouter();
  app.use("*", securityHeaders());
  app.use("/auth/*", noStore());

  app.use(
    "*",
    cors({
      // Only configured origins may call the API from a browser.
      origin: (origin, c) => (loadConfig(c.env).CORS_ORIGINS.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: [
        "X-Request-Id",
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
      ],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use("*", requestContext(getServices));
  // Every JSON body the API takes is small; uploads go straight to storage, never through here.
  app.use(
    "*",
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (c) => c.json(errorBody("payload_too_large", "Request body over 256 KiB"), 413),
    }),
  );
  app.use("*", wellFormedStrings());

  app.use("/videos/*", ensureCoursesMigrated());
  app.use("/videos", ensureCoursesMigrated());
  app.use("/courses/*", ensureCoursesMigrated());
  app.use("/courses", ensureCoursesMigrated());

  app.route("/", healthRoutes);
  app.route("/", authRoutes);
  app.route("/", accountRoutes);
  app.route("/", consoleSessionRoutes);
  app.route("/", adminRoutes);
  app.route("/", videoRoutes);
  app.route("/", uploadSigningRoutes);
  app.route("/", playbackRoutes);
  app.route("/", attachmentRoutes);
  app.route("/", courseRoutes);
  app.route("/", courseFileRoutes);
  app.route("/", coInstructorRoutes);
  app.route("/", enrolmentRoutes);
  app.route("/", progressRoutes);
  app.route("/", webhookRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "coursecast API",
      version: "0.1.0",
      description: "Course-video hosting: accounts, direct uploads, transcoding, playback.",
    },
  });
  // A pinned bundle from the Worker's own assets (copied by `npm run build:console`), never a CDN.
  app.get(
    "/docs",
    Scalar((c) => ({
      url: "/openapi.json",
      pageTitle: "coursecast API",
      cdn: SCALAR_BUNDLE,
      withDefaultFonts: false,
      nonce: (c.var as { secureHeadersNonce?: string }).secureHeadersNonce ?? "",
    })),
  );

  app.notFound((c) => {
    const isApi = API_PREFIXES.some(
      (prefix) => c.req.path === prefix || c.req.path.startsWith(`${prefix}/`),
    );
    // Everything that is not the API is the web console (Workers static assets).
    if (!isApi && (c.req.method === "GET" || c.req.method === "HEAD"))
      return c.env.ASSETS.fetch(c.req.raw);
    return c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404);
  });
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
