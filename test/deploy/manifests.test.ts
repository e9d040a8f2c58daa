import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { corsRules, lifecycleRules } from "../../scripts/bucket-setup.ts";

// No kubeconform offline: the manifests are parsed and the fields coursecast relies on are
// validated against schemas of their own.
const root = fileURLToPath(new URL("../../", import.meta.url));
const load = async (path: string) =>
  parseAllDocuments(await readFile(`${root}${path}`, "utf8")).map((d) => {
    if (d.errors.length) throw new Error(`${path}: ${d.errors.map((e) => e.message).join("; ")}`);
    return d.toJS() as Record<string, unknown>;
  });

const Deployment = z.object({
  apiVersion: z.literal("apps/v1"),
  kind: z.literal("Deployment"),
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()) }),
      spec: z.object({
        terminationGracePeriodSeconds: z.number().min(15),
        containers: z
          .array(
            z.object({
              name: z.string(),
              image: z.string(),
              envFrom: z.array(z.object({ secretRef: z.object({ name: z.string() }) })),
            }),
          )
          .min(1),
      }),
    }),
  }),
});
const ScaledObject = z.object({
  apiVersion: z.literal("keda.sh/v1alpha1"),
  kind: z.literal("ScaledObject"),
  spec: z.object({
    scaleTargetRef: z.object({ name: z.string() }),
    minReplicaCount: z.literal(0),
    triggers: z
      .array(
        z.object({
          type: z.literal("rabbitmq"),
          metadata: z.object({ queueName: z.literal("transcode"), mode: z.literal("QueueLength") }),
        }),
      )
      .min(1),
  }),
});

describe("deployment manifests", () => {
  it("should parse and describe a scale-to-zero transcoder", async () => {
    const docs = await load("deploy/k8s/transcoder.yaml");
    const deployment = Deployment.parse(docs.find((d) => d.kind === "Deployment"));
    const scaled = ScaledObject.parse(docs.find((d) => d.kind === "ScaledObject"));
    expect(scaled.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
    const secretName = deployment.spec.template.spec.containers[0]!.envFrom[0]!.secretRef.name;
    expect(
      docs.some((d) => d.kind === "Secret" && (d.metadata as { name: string }).name === secretName),
    ).toBe(true);
  });

  it("should parse the VM cloud-init with restart and preemption forwarding", async () => {
    const [config] = await load("deploy/vm/cloud-init.yaml");
    const files = (config!.write_files as Array<{ path: string; content: string }>).map(
      (f) => f.path,
    );
    expect(files).toContain("/etc/systemd/system/coursecast-transcoder.service");
    const unit = (config!.write_files as Array<{ path: string; content: string }>).find((f) =>
      f.path.endsWith("coursecast-transcoder.service"),
    )!.content;
    expect(unit).toContain("Restart=always");
    expect(unit).toContain("docker stop -t 15");
  });
});

describe("bucket rules", () => {
  it("should expose ETag to the configured origins only and expire temporary uploads", () => {
    expect(corsRules(["https://courses.example.com"])[0]).toMatchObject({
      AllowedOrigins: ["https://courses.example.com"],
      ExposeHeaders: ["ETag"],
    });
    expect(() => corsRules(["*"])).toThrow();
    const rules = lifecycleRules();
    expect(rules.find((r) => r.Filter?.Prefix === "uploads/")?.Expiration?.Days).toBe(2);
    expect(
      rules.find((r) => r.AbortIncompleteMultipartUpload)?.AbortIncompleteMultipartUpload
        ?.DaysAfterInitiation,
    ).toBe(1);
  });
});
