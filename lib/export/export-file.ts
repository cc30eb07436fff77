// Starting an export: validate the filters, record the export in the audit, and hand back a file whose body
// streams. Nothing is read before the client starts reading.
import type { ExportKind } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { startExportRecord, type ExportActor } from "./export-audit";
import { EXPORT_BATCH_SIZE, exportStream } from "./export-stream";
import { describeFilters, ledgerExportSchema, withdrawExportSchema, type ExportFormat } from "./filters";
import { LEDGER_COLUMNS, ledgerBatchReader } from "./ledger-rows";
import { WITHDRAW_COLUMNS, withdrawBatchReader } from "./withdraw-rows";
import { dateRange } from "./zoned-time";

export type ExportFile = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

export const CONTENT_TYPES: Record<ExportFormat | "json", string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export function exportFilename(kind: ExportKind, range: { from?: string; to?: string }, extension: string, now: Date): string {
  const span = range.from || range.to ? `${range.from ?? "start"}-to-${range.to ?? now.toISOString().slice(0, 10)}` : `all-${now.toISOString().slice(0, 10)}`;
  return `sluice-${kind}-${span}.${extension}`;
}

export async function exportWithdraws(actor: ExportActor, input: unknown, now: Date = new Date()): Promise<ExportFile> {
  const filters = parseInput(withdrawExportSchema, input);
  const { start, end } = dateRange(filters);
  const recordId = await startExportRecord(actor, "withdraws", filters.format, describeFilters(filters));
  const read = withdrawBatchReader(
    { merchantId: actor.merchantId, status: filters.status, currency: filters.currency, start, end, asOf: now },
    EXPORT_BATCH_SIZE,
  );
  return {
    filename: exportFilename("withdraws", filters, filters.format, now),
    contentType: CONTENT_TYPES[filters.format],
    body: exportStream({ columns: WITHDRAW_COLUMNS, format: filters.format, bom: filters.bom, read, recordId }),
  };
}

export async function exportLedger(actor: ExportActor, input: unknown, now: Date = new Date()): Promise<ExportFile> {
  const filters = parseInput(ledgerExportSchema, input);
  const { start, end } = dateRange(filters);
  const recordId = await startExportRecord(actor, "ledger", filters.format, describeFilters(filters));
  const read = ledgerBatchReader({ merchantId: actor.merchantId, kind: filters.kind, start, end }, EXPORT_BATCH_SIZE);
  return {
    filename: exportFilename("ledger", filters, filters.format, now),
    contentType: CONTENT_TYPES[filters.format],
    body: exportStream({ columns: LEDGER_COLUMNS, format: filters.format, bom: filters.bom, read, recordId }),
  };
}
