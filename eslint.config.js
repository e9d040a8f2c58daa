import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The edge's layers import downward only: domain ← ports ← adapters, with the
 * settings, errors and logger below everything. `allowed` lists what a layer
 * may reach with `../`.
 */
const edgeLayer = (folder, allowed) => ({
  files: [`edge/src/${folder}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: `^\\.\\./(?!(${allowed.join("|")})(/|$))`,
            message: `edge/src/${folder} imports only downward: ${allowed.map((name) => name.replaceAll("\\", "")).join(", ") || "nothing of the edge"}.`,
          },
        ],
      },
    ],
  },
});
const BASE = ["config\\.ts", "errors\\.ts", "log\\.ts"];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.tsbuild/**",
      "**/dist/**",
      "**/.wrangler/**",
      "**/.data/**",
      "edge/worker-configuration.d.ts",
      "edge/public/**/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  // lib/: text helpers with no knowledge of the edge (XML), usable by every layer.
  edgeLayer("lib", []),
  edgeLayer("domain", ["lib"]),
  edgeLayer("ports", ["domain", "lib", ...BASE]),
  edgeLayer("adapters", ["domain", "ports", "lib", ...BASE]),
  edgeLayer("http", ["domain", "ports", "lib", "app-env\\.ts", ...BASE]),
  {
    // Feature folders reach storage, queues and databases through ports only: the
    // composition root (edge/src/services.ts) is the one place that builds adapters.
    files: ["edge/src/{attachments,auth,courses,health,playback,videos,webhooks}/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./adapters(/|$)",
              message: "Feature code uses ports (ports/services.ts), never an adapter.",
            },
          ],
        },
      ],
    },
  },
  {
    // Database query operators ($set, $in, $push…) are an adapter's business: the rest
    // of the edge speaks the video lifecycle through its ports.
    files: ["edge/src/**/*.ts"],
    ignores: ["edge/src/adapters/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Property > Identifier.key[name=/^\\$/]",
          message:
            "Database operators belong in edge/src/adapters/: add an intent method to the port.",
        },
        {
          selector: "Property > Literal.key[value=/^\\$/]",
          message:
            "Database operators belong in edge/src/adapters/: add an intent method to the port.",
        },
      ],
    },
  },
  {
    // Ambient declarations can only reach module types through import().
    files: ["**/*.d.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "off",
    },
  },
);
