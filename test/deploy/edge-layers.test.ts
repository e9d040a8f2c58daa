import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The repository's own lint configuration, applied to samples placed where they would live.
const cwd = fileURLToPath(new URL("../../", import.meta.url));
const eslint = new ESLint({ cwd });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? "fatal");
}

// Loading the TypeScript parser takes seconds on a busy machine.
describe("edge layering rules (npm run lint)", { timeout: 60_000 }, () => {
  const operator = 'export const filter = { state: { $in: ["ready"] }, "$set": {} };\n';

  it("should refuse a database operator outside the adapters", async () => {
    expect(await ruleIds("edge/src/videos/sample.ts", operator)).toEqual([
      "no-restricted-syntax",
      "no-restricted-syntax",
    ]);
  });

  it("should allow database operators in the adapters", async () => {
    expect(await ruleIds("edge/src/adapters/sample.ts", operator)).toEqual([]);
  });

  it("should refuse an upward import from a port or an adapter", async () => {
    const upward =
      'import type { VideoView } from "../videos/video-view.ts";\nexport type V = VideoView;\n';
    expect(await ruleIds("edge/src/ports/sample.ts", upward)).toEqual(["no-restricted-imports"]);
    expect(await ruleIds("edge/src/adapters/sample.ts", upward)).toEqual(["no-restricted-imports"]);
  });

  it("should allow a port to import the domain", async () => {
    const downward =
      'import type { VideoRecord } from "../domain/video.ts";\nexport type V = VideoRecord;\n';
    expect(await ruleIds("edge/src/ports/sample.ts", downward)).toEqual([]);
  });

  it("should refuse an adapter import from feature code, and allow it in the composition root", async () => {
    const adapter =
      'import { S3ObjectStore } from "../adapters/s3-object-store.ts";\nexport const S = S3ObjectStore;\n';
    expect(await ruleIds("edge/src/videos/sample.ts", adapter)).toEqual(["no-restricted-imports"]);
    expect(await ruleIds("edge/src/courses/sample.ts", adapter)).toEqual(["no-restricted-imports"]);
    const root =
      'import { S3ObjectStore } from "./adapters/s3-object-store.ts";\nexport const S = S3ObjectStore;\n';
    expect(await ruleIds("edge/src/sample.ts", root)).toEqual([]);
  });
});
