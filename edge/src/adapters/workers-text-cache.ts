import type { TextCache } from "../ports/text-cache.ts";

// Cache API entries are keyed by URL; this host is never fetched.
const KEY_ORIGIN = "https://text-cache.coursecast.internal/";

/**
 * The Workers Cache API (`caches.default`): per data centre, best effort. On a
 * `*.workers.dev` route it stores nothing, so every read misses: correct, only slower.
 */
export class WorkersTextCache implements TextCache {
  private readonly cache: Cache | null = typeof caches === "undefined" ? null : caches.default;

  private request(key: string): Request {
    return new Request(KEY_ORIGIN + encodeURIComponent(key));
  }

  async get(key: string): Promise<string | null> {
    const hit = await this.cache?.match(this.request(key));
    return hit ? hit.text() : null;
  }

  async put(key: string, text: string, ttlSeconds: number): Promise<void> {
    await this.cache?.put(
      this.request(key),
      new Response(text, { headers: { "cache-control": `max-age=${ttlSeconds}` } }),
    );
  }
}
