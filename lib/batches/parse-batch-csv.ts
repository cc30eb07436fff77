// A batch file's text → the withdraws it asks for, each checked by the same rules as a single withdraw
// (createWithdrawSchema, parseAmount, parseMinAmount), or the row-numbered errors. Pure: no database, no rates.
import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
import { isAppError } from "../errors";
import { isCurrency, parseAmount } from "../money";
import { parseMinAmount } from "../withdraws/min-amount";
import { createWithdrawSchema } from "../withdraws/schemas";
import type { RowError } from "./row-errors";
import { BATCH_COLUMNS, MAX_BATCH_ROWS, REQUIRED_BATCH_COLUMNS, type BatchColumn } from "./rules";

export type BatchRow = { row: number; data: z.output<typeof createWithdrawSchema> };
export type ParsedBatch = { rows: BatchRow[]; errors: RowError[] };

type Record_ = { row: number; fields: string[] };

const SCHEMA_FIELD_TO_COLUMN: Record<string, BatchColumn> = {
  amount: "amount",
  currency: "currency",
  ttl: "ttl",
  statement_descriptor: "descriptor",
  min_amount: "min_amount",
};
const NOT_UTF8 = "\uFFFD";
const SAMPLE_HEADER = BATCH_COLUMNS.join(",");

export function parseBatchCsv(text: string): ParsedBatch {
  const { records, fatal } = readRecords(text);
  const errors: RowError[] = [];
  const header = records[0];
  if (!header || header.fields.every((f) => f === "")) {
    return { rows: [], errors: [fatal ?? { row: 1, column: null, message: `The first row must be the header: ${SAMPLE_HEADER}.` }] };
  }
  const columns = readHeader(header.fields, errors);
  if (!columns) return { rows: [], errors };

  const rows: BatchRow[] = [];
  let counted = 0;
  for (const record of records.slice(1)) {
    if (record.fields.every((f) => f === "")) continue; // blank lines, and spreadsheets' rows of empty cells
    if (++counted > MAX_BATCH_ROWS) {
      errors.push({ row: record.row, column: null, message: `A batch holds at most ${MAX_BATCH_ROWS} withdraws and this is withdraw ${counted}: split the file into several batches.` });
      return { rows: [], errors };
    }
    const row = readRow(record, columns, errors);
    if (row) rows.push(row);
  }
  if (fatal) errors.push(fatal);
  else if (counted === 0) errors.push({ row: 2, column: null, message: "The file has no withdraws: add one row per withdraw below the header." });
  return { rows: errors.length ? [] : rows, errors };
}

function readRecords(text: string): { records: Record_[]; fatal?: RowError } {
  const records: Record_[] = [];
  try {
    parse(text, {
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // Rows are numbered as records (an empty line is a row too), which is what a spreadsheet shows.
      on_record: (fields: string[], context) => {
        records.push({ row: context.records, fields });
        return null;
      },
    });
    return { records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { records, fatal: { row: Number(error.records) + 1, column: null, message: csvErrorMessage(error) } };
  }
}

function csvErrorMessage(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return 'A quoted field starts on this row and is never closed: the file ends before its closing ".';
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return 'A closing quote must be followed by a comma or the end of the row; inside a quoted field write a quote as two quotes ("").';
    case "INVALID_OPENING_QUOTE":
      return 'A quote appears inside a field that does not start with one: put the whole field in quotes and write the quote as two quotes ("").';
    default:
      return "This row is not valid CSV.";
  }
}

/** The column of each position, or null when the header is unusable (its errors are added). */
function readHeader(fields: string[], errors: RowError[]): (BatchColumn | null)[] | null {
  const seen = new Set<string>();
  const columns = fields.map((raw) => {
    const name = raw.toLowerCase();
    if (name === "") return null;
    if (!(BATCH_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ row: 1, column: raw, message: `Unknown column "${raw}": the columns are ${BATCH_COLUMNS.join(", ")}.` });
    } else if (seen.has(name)) {
      errors.push({ row: 1, column: name, message: `The column "${name}" appears twice.` });
    }
    seen.add(name);
    return (BATCH_COLUMNS as readonly string[]).includes(name) ? (name as BatchColumn) : null;
  });
  for (const required of REQUIRED_BATCH_COLUMNS) {
    if (!seen.has(required)) errors.push({ row: 1, column: required, message: `The header has no "${required}" column; the first row must be the header, such as ${SAMPLE_HEADER}.` });
  }
  return errors.length ? null : columns;
}

function readRow(record: Record_, columns: (BatchColumn | null)[], errors: RowError[]): BatchRow | null {
  const before = errors.length;
  const fail = (column: string | null, message: string) => errors.push({ row: record.row, column, message });
  const cells: Partial<Record<BatchColumn, string>> = {};
  record.fields.forEach((value, i) => {
    const column = columns[i];
    if (column) cells[column] = value;
    else if (value !== "") fail(null, `This row has ${record.fields.length} fields but the header names only ${columns.length} columns.`);
  });
  for (const [column, value] of Object.entries(cells)) {
    if (value.includes(NOT_UTF8)) fail(column, "This cell holds bytes that are not UTF-8 text: save the file as CSV UTF-8.");
  }
  if (errors.length > before) return null;

  const { amount = "", currency = "", ttl = "", descriptor = "", min_amount = "" } = cells;
  const input = {
    amount,
    currency,
    ...(min_amount === "" ? {} : { min_amount }),
    ...(ttl === "" ? {} : { ttl: /^\d{1,12}$/.test(ttl) ? Number(ttl) : ttl }),
    ...(descriptor === "" ? {} : { statement_descriptor: descriptor }),
  };
  const parsed = createWithdrawSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = SCHEMA_FIELD_TO_COLUMN[String(issue.path[0])] ?? null;
      if (!errors.some((e) => e.row === record.row && e.column === column)) fail(column, issue.message);
    }
  }
  if (amount === "") fail("amount", "Amount is required.");
  else if (isCurrency(currency) && !errors.some((e) => e.row === record.row && e.column === "amount")) {
    try {
      // A bad amount is named alone: the minimum is measured against it.
      parseMinAmount(input.min_amount, parseAmount(amount, currency), currency);
    } catch (error) {
      if (!isAppError(error)) throw error;
      fail(error.param ?? "amount", error.message);
    }
  }
  return errors.length > before || !parsed.success ? null : { row: record.row, data: parsed.data };
}
