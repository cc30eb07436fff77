// The statement as a document: JSON (the REST API and the page) or CSV (for the month-end file). Amounts
// are msat as strings of digits and sats as exact decimals.
import { getStatement, type BalanceAt, type Statement } from "../ledger/get-statement";
import { formatMsatAsSats } from "../money";
import { parseInput } from "../validation";
import { csvLines, UTF8_BOM, type Cell } from "./csv";
import { finishExportRecord, startExportRecord, type ExportActor } from "./export-audit";
import { CONTENT_TYPES, exportFilename, type ExportFile } from "./export-file";
import { describeFilters, statementSchema, type StatementFilters } from "./filters";
import { dateRange } from "./zoned-time";

function balanceJson(b: BalanceAt) {
  return {
    available_msat: b.availableMsat.toString(),
    reserved_msat: b.reservedMsat.toString(),
    total_msat: b.totalMsat.toString(),
    total_sats: formatMsatAsSats(b.totalMsat),
  };
}

export function statementJson(statement: Statement, filters: Pick<StatementFilters, "from" | "to" | "tz">) {
  return {
    object: "statement" as const,
    from: filters.from ?? null,
    to: filters.to ?? null,
    time_zone: filters.tz,
    period_start: statement.start?.toISOString() ?? null,
    period_end: statement.end.toISOString(),
    opening_balance: balanceJson(statement.opening),
    credits_msat: statement.creditsMsat.toString(),
    debits_msat: statement.debitsMsat.toString(),
    closing_balance: balanceJson(statement.closing),
    entries: statement.entryCount,
    by_kind: statement.byKind.map((k) => ({
      kind: k.kind,
      entries: k.count,
      credits_msat: k.creditsMsat.toString(),
      debits_msat: k.debitsMsat.toString(),
      available_change_msat: k.availableMsat.toString(),
      reserved_change_msat: k.reservedMsat.toString(),
    })),
    reconciles: statement.discrepancyMsat === 0n,
  };
}

const CSV_COLUMNS = ["line", "entries", "credits_msat", "debits_msat", "balance_msat", "available_msat", "reserved_msat", "balance_sats"];

function statementRows(s: Statement): Cell[][] {
  const balance = (line: string, b: BalanceAt): Cell[] => [line, null, null, null, b.totalMsat, b.availableMsat, b.reservedMsat, formatMsatAsSats(b.totalMsat)];
  return [
    balance("opening_balance", s.opening),
    ...s.byKind.map((k): Cell[] => [k.kind, BigInt(k.count), k.creditsMsat, k.debitsMsat, null, k.availableMsat, k.reservedMsat, null]),
    ["total_movements", BigInt(s.entryCount), s.creditsMsat, s.debitsMsat, s.creditsMsat - s.debitsMsat, null, null, formatMsatAsSats(s.creditsMsat - s.debitsMsat)],
    balance("closing_balance", s.closing),
  ];
}

/** The statement for the filters, recorded in the export audit. */
export async function statementReport(actor: ExportActor, input: unknown, now: Date = new Date()) {
  const filters = parseInput(statementSchema, input);
  const recordId = await startExportRecord(actor, "statement", filters.format, describeFilters(filters));
  try {
    const statement = await getStatement(actor.merchantId, dateRange(filters), now);
    await finishExportRecord(recordId, "completed", filters.format === "csv" ? statementRows(statement).length : 1);
    return { statement, filters };
  } catch (error) {
    await finishExportRecord(recordId, "failed", 0);
    throw error;
  }
}

export async function exportStatement(actor: ExportActor, input: unknown, now: Date = new Date()): Promise<ExportFile> {
  const { statement, filters } = await statementReport(actor, input, now);
  const text =
    filters.format === "csv"
      ? (filters.bom ? UTF8_BOM : "") + csvLines([CSV_COLUMNS, ...statementRows(statement)])
      : `${JSON.stringify(statementJson(statement, filters), null, 2)}\n`;
  return {
    filename: exportFilename("statement", filters, filters.format, now),
    contentType: CONTENT_TYPES[filters.format],
    body: new Blob([text]).stream() as ReadableStream<Uint8Array>,
  };
}
