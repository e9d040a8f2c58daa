/**
 * Runs async functions one at a time per key. The embedded store's writes read
 * a document, compute its new version and write it back; doing that under one
 * lock per collection gives MongoDB's per-document atomicity (two identical
 * concurrent updates: one modifies, the other sees the change and reports 0).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Resolves once everything queued so far has run. */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
