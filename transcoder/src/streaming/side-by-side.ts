/**
 * Runs tasks at the same time, each with a signal that aborts when the caller's does
 * or when another task fails; resolves when all are done, else throws the first
 * failure once every task has ended (no ffmpeg is left running behind a failed job).
 */
export async function sideBySide(
  signal: AbortSignal,
  tasks: ReadonlyArray<(signal: AbortSignal) => Promise<void>>,
): Promise<void> {
  const stop = new AbortController();
  const either = AbortSignal.any([signal, stop.signal]);
  let failure: { error: unknown } | null = null;
  await Promise.all(
    tasks.map(async (task) => {
      try {
        await task(either);
      } catch (error) {
        // Only the first: the others' errors are the abort this one caused.
        if (!failure) {
          failure = { error };
          stop.abort();
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
}
