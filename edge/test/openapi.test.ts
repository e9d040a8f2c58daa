import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { callJson } from "./support/api.ts";

const UNDOCUMENTED = new Set(["/openapi.json", "/docs", "*"]);

describe("GET /openapi.json", () => {
  it("should document every route the app registers, with bearer auth declared", async () => {
    const { body } = await callJson<{
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    }>("/openapi.json");
    const documented = new Set(
      Object.entries(body.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const registered = createApp()
      .routes.filter((r) => r.method !== "ALL" && !UNDOCUMENTED.has(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(registered.length).toBeGreaterThan(20);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
    expect(body.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("should document what a video still processing offers: playable, playableAt, processing links", async () => {
    type Schema = {
      properties: Record<string, { type?: string | string[]; nullable?: boolean }>;
      required?: string[];
    };
    const { body } = await callJson<{ components: { schemas: Record<string, Schema> } }>(
      "/openapi.json",
    );
    const { ViewerVideo, OwnerVideo, PlaybackLinks } = body.components.schemas;
    for (const view of [ViewerVideo!, OwnerVideo!]) {
      expect(view.required).toEqual(expect.arrayContaining(["playable", "playableAt"]));
      expect(view.properties.playable).toMatchObject({ type: "boolean" });
      expect(JSON.stringify(view.properties.playableAt)).toContain("null");
    }
    expect(PlaybackLinks!.required).toContain("processing");
    for (const nullable of ["poster", "mp4", "mp3"])
      expect(JSON.stringify(PlaybackLinks!.properties[nullable])).toContain("null");
  });

  it("should serve the interactive reference at /docs", async () => {
    const { exports } = await import("cloudflare:workers");
    const response = await exports.default.fetch("http://edge.test/docs");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("/openapi.json");
  });
});
