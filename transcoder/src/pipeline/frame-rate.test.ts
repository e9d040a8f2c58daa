import { describe, expect, it } from "vitest";
import { isVariableRate, outputFrameRate, parseRate } from "./frame-rate.ts";

describe("outputFrameRate", () => {
  it("should keep a constant-rate source's rate, capped at 60", () => {
    expect(outputFrameRate(25, 25)).toBe(25);
    expect(outputFrameRate(parseRate("30000/1001"), parseRate("30000/1001"))).toBe(29.97);
    expect(outputFrameRate(120, 120)).toBe(60);
  });

  it("should give a variable-rate source 30 fps, or its nominal rate when lower", () => {
    expect(isVariableRate(30, 22)).toBe(true);
    expect(outputFrameRate(30, 22)).toBe(30);
    expect(outputFrameRate(120, 29.5)).toBe(30);
    expect(outputFrameRate(24, 12)).toBe(24);
  });

  it("should not trust an implausible nominal rate (a 90 kHz timebase)", () => {
    expect(outputFrameRate(90000, 29.97)).toBe(30);
    expect(outputFrameRate(0, 0)).toBe(30);
  });
});
