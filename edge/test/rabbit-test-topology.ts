import type { StackEndpoints } from "@coursecast/dev";
import { runQueueNames } from "@coursecast/dev/test-support";

/** A private exchange and quorum queue per test run, so counting messages is exact. */
export interface TestTopology {
  apiUrl: string;
  authorization: string;
  vhost: string;
  exchange: string;
  routingKey: string;
  queue: string;
}

async function call(
  t: Pick<TestTopology, "apiUrl" | "authorization">,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${t.apiUrl}/api/${path}`, {
    method,
    headers: { authorization: t.authorization, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok && response.status !== 404) {
    throw new Error(
      `RabbitMQ ${method} ${path} answered ${response.status}: ${await response.text()}`,
    );
  }
  return response;
}

export async function declareTestTopology(
  rabbitmq: StackEndpoints["rabbitmq"],
  runId: string,
): Promise<TestTopology> {
  const { exchange, routingKey, queue } = runQueueNames(runId);
  const t: TestTopology = {
    apiUrl: rabbitmq.apiUrl,
    authorization: `Basic ${btoa(`${rabbitmq.user}:${rabbitmq.password}`)}`,
    vhost: encodeURIComponent(rabbitmq.vhost),
    exchange,
    routingKey,
    queue,
  };
  await call(t, "PUT", `exchanges/${t.vhost}/${encodeURIComponent(t.exchange)}`, {
    type: "direct",
    durable: false,
    auto_delete: false,
  });
  await call(t, "PUT", `queues/${t.vhost}/${encodeURIComponent(t.queue)}`, {
    durable: true,
    arguments: { "x-queue-type": "quorum" },
  });
  await call(
    t,
    "POST",
    `bindings/${t.vhost}/e/${encodeURIComponent(t.exchange)}/q/${encodeURIComponent(t.queue)}`,
    {
      routing_key: t.routingKey,
    },
  );
  return t;
}

export async function deleteTestTopology(
  rabbitmq: StackEndpoints["rabbitmq"],
  t: TestTopology,
): Promise<void> {
  void rabbitmq;
  await call(t, "DELETE", `queues/${t.vhost}/${encodeURIComponent(t.queue)}`);
  await call(t, "DELETE", `exchanges/${t.vhost}/${encodeURIComponent(t.exchange)}`);
}
