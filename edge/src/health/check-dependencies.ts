import type { Services } from "../ports/services.ts";

export interface DependencyStatus {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export type DependencyName = "redis" | "dataApi" | "s3" | "rabbitmq";

async function probe(check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = Date.now();
  try {
    await check();
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Probes every backend in parallel; one slow backend never hides the others. */
export async function checkDependencies(
  services: Services,
): Promise<Record<DependencyName, DependencyStatus>> {
  const [redis, dataApi, s3, rabbitmq] = await Promise.all([
    probe(() => services.revocations.ping()),
    probe(() => services.videos.ping()),
    probe(() => services.objects.ping()),
    probe(() => services.jobs.ping()),
  ]);
  return { redis, dataApi, s3, rabbitmq };
}
