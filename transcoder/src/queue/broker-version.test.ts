import { describe, expect, it } from "vitest";
import { supportsPerQueueConsumerTimeout } from "./broker-version.ts";

describe("supportsPerQueueConsumerTimeout", () => {
  it("should say no before RabbitMQ 3.12 and for an unreadable version", () => {
    for (const version of ["3.10.8", "3.11.28", "2.8.0", "", undefined, "unknown"])
      expect(supportsPerQueueConsumerTimeout(version)).toBe(false);
  });

  it("should say yes from RabbitMQ 3.12 on", () => {
    for (const version of ["3.12.0", "3.13.7", "4.0.5", "4.1.0-rc.1"])
      expect(supportsPerQueueConsumerTimeout(version)).toBe(true);
  });
});
