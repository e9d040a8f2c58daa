import { localStackDefaults } from "@coursecast/dev";

/** Calls a Data API action on a dev stack's gateway, in the edge's database. */
export function gatewayAction(
  port: number,
  collection: string,
  action: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/action/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", "api-key": localStackDefaults().dataApi.apiKey },
    body: JSON.stringify({ dataSource: "local", database: "coursecast", collection, ...body }),
  });
}
