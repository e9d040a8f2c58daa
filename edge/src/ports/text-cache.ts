/** Short-lived text kept at the edge (Workers Cache API in production), per key. */
export interface TextCache {
  get(key: string): Promise<string | null>;
  put(key: string, text: string, ttlSeconds: number): Promise<void>;
}
