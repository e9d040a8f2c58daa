/**
 * workerd freezes its clocks while a request runs, so work inside a Worker is timed
 * from outside: the median round trip of a request, minus that of an empty one.
 */
export function requestTimer(baseUrl: URL, rounds: number) {
  const median = async (path: string): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await (await fetch(new URL(path, baseUrl))).text();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  let emptyRequestMs: number | undefined;
  return {
    /** Milliseconds of work the path does inside the Worker. */
    async workMs(path: string): Promise<number> {
      emptyRequestMs ??= (await median("/noop"), await median("/noop"));
      return (await median(path)) - emptyRequestMs;
    },
  };
}
