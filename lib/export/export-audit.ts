// The audit of exports (issue 5): each export is recorded when it starts (who, which filters) and finished
// with the number of rows actually sent, or marked failed when the download broke off.
import { db } from "../db";
import type { ExportKind, ExportStatus } from "../generated/prisma/client";
import { newId } from "../ids";

export type ExportActor = { merchantId: string } & ({ userId: string; email: string } | { apiKeyId: string });

async function actorLabel(actor: ExportActor): Promise<string> {
  if ("userId" in actor) return actor.email;
  const key = await db().apiKey.findFirst({ where: { id: actor.apiKeyId, merchantId: actor.merchantId }, select: { name: true, prefix: true } });
  return key ? `API key "${key.name}" (${key.prefix}…)` : "API key";
}

export async function startExportRecord(actor: ExportActor, kind: ExportKind, format: string, filters: Record<string, string>): Promise<string> {
  const id = newId("dataExport");
  await db().dataExport.create({
    data: {
      id,
      merchantId: actor.merchantId,
      userId: "userId" in actor ? actor.userId : null,
      apiKeyId: "apiKeyId" in actor ? actor.apiKeyId : null,
      actorLabel: await actorLabel(actor),
      kind,
      format,
      filters,
    },
    select: { id: true },
  });
  return id;
}

export async function finishExportRecord(id: string, status: Exclude<ExportStatus, "running">, rowCount: number): Promise<void> {
  await db().dataExport.updateMany({ where: { id, status: "running" }, data: { status, rowCount, finishedAt: new Date() } });
}

export type ExportRecord = {
  id: string;
  actorLabel: string;
  kind: ExportKind;
  format: string;
  filters: Record<string, string>;
  status: ExportStatus;
  rowCount: number;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function listExportRecords(merchantId: string, limit = 50): Promise<ExportRecord[]> {
  const rows = await db().dataExport.findMany({
    where: { merchantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, actorLabel: true, kind: true, format: true, filters: true, status: true, rowCount: true, createdAt: true, finishedAt: true },
  });
  return rows.map((row) => ({ ...row, filters: row.filters as Record<string, string> }));
}
