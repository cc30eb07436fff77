// The REST list of webhook endpoints, paged as every list is (lib/database/keyset-page.ts); `status` is enabled or
// disabled.
import { listQuerySchema, pageIds } from "../database/keyset-page";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { ENDPOINT_OBJECT_FIELDS, type EndpointRow } from "./serialize-endpoint";

export const listEndpointsQuerySchema = listQuerySchema({ noun: "webhook endpoint", plural: "webhook endpoints", idPrefix: "we" }, ["enabled", "disabled"] as const);

export async function pageWebhookEndpoints(merchantId: string, input: unknown): Promise<{ rows: EndpointRow[]; hasMore: boolean }> {
  const query = parseInput(listEndpointsQuerySchema, input);
  const status = query.status ? [Prisma.sql`AND enabled = ${query.status === "enabled"}`] : [];
  const { ids, hasMore } = await pageIds("webhook_endpoints", "webhook endpoint", merchantId, query, status);
  const rows = ids.length ? await db().webhookEndpoint.findMany({ where: { id: { in: ids }, merchantId }, select: ENDPOINT_OBJECT_FIELDS }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => byId.get(id) ?? []), hasMore };
}
