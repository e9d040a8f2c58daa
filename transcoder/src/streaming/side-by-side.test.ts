import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { sideBySide } from "./side-by-side.ts";

/** A task that runs until `ms` have passed or its signal aborts, noting how it ended. */
const waiting = (ms: number, ended: string[], name: string) => async (signal: AbortSignal) => {
  ended.push(`${name} started`);
  try {
    await sleep(ms, undefined, { signal });
    ended.push(`${name} done`);
  } catch (err) {
    ended.push(`${name} stopped`);
    throw err;
  }
};

describe("side by side", () => {
  it("should start every task at once and resolve when all are done", async () => {
    const ended: string[] = [];
    await sideBySide(new AbortController().signal, [
      waiting(50, ended, "a"),
      waiting(50, ended, "b"),
    ]);
    // Both started before either ended.
    expect(ended.slice(0, 2)).toEqual(["a started", "b started"]);
    expect(ended.slice(2).sort()).toEqual(["a done", "b done"]);
  });

  it("should stop the others when one fails, and throw that failure once all have ended", async () => {
    const ended: string[] = [];
    const broken = async () => {
      await sleep(20);
      throw new Error("the first pass failed");
    };
    await expect(
      sideBySide(new AbortController().signal, [broken, waiting(10_000, ended, "ladder")]),
    ).rejects.toThrow("the first pass failed");
    expect(ended).toEqual(["ladder started", "ladder stopped"]);
  });

  it("should stop every task when the caller's signal aborts", async () => {
    const ended: string[] = [];
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 20);
    await expect(
      sideBySide(caller.signal, [waiting(10_000, ended, "a"), waiting(10_000, ended, "b")]),
    ).rejects.toThrow();
    expect(ended.sort()).toEqual(["a started", "a stopped", "b started", "b stopped"]);
  });
});
