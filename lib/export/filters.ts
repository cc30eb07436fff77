// What an export may be asked for, from the REST query string or the dashboard form: the same zod schemas
// for both. Dates are calendar days, inclusive, in the stated IANA time zone (UTC unless told otherwise);
// every timestamp in the file itself is ISO 8601 UTC.
import { z } from "zod";
import { LedgerKind } from "../generated/prisma/enums";
import { CURRENCIES } from "../money";
import { WITHDRAW_STATUSES } from "../withdraws/serialize-withdraw";
import { isTimeZone } from "./zoned-time";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const LEDGER_KINDS = Object.values(LedgerKind);

// An empty form field means "no filter", as it does in the query string a GET form sends.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const date = z.preprocess(blankToUndefined, z.iso.date({ error: "Use a date like 2026-10-31." }).optional());

const common = {
  format: z.preprocess(blankToUndefined, z.enum(EXPORT_FORMATS, { error: "The format is csv or jsonl." }).default("csv")),
  from: date,
  to: date,
  tz: z.preprocess(
    blankToUndefined,
    z.string().max(64).refine(isTimeZone, "Unknown time zone: use an IANA name such as Europe/Berlin or UTC.").default("UTC"),
  ),
  // A byte order mark, so Excel reads the file as UTF-8.
  bom: z.preprocess(blankToUndefined, z.enum(["true", "false"], { error: "bom is true or false." }).default("false")).transform((v) => v === "true"),
};

function rangeInOrder(value: { from?: string; to?: string }): boolean {
  return !value.from || !value.to || value.from <= value.to;
}
const RANGE_ERROR = { error: "The start date is after the end date.", path: ["to"] };
const UNKNOWN = { error: (issue: { code?: string; keys?: string[] }) => (issue.code === "unrecognized_keys" ? `Unknown filter: ${issue.keys?.join(", ")}.` : undefined) };

export const withdrawExportSchema = z
  .strictObject(
    {
      ...common,
      status: z.preprocess(blankToUndefined, z.enum(WITHDRAW_STATUSES, { error: `The status is one of ${WITHDRAW_STATUSES.join(", ")}.` }).optional()),
      currency: z.preprocess(blankToUndefined, z.enum(CURRENCIES, { error: `The currency is one of ${CURRENCIES.join(", ")}.` }).optional()),
    },
    UNKNOWN,
  )
  .refine(rangeInOrder, RANGE_ERROR);

export const ledgerExportSchema = z
  .strictObject(
    {
      ...common,
      kind: z.preprocess(blankToUndefined, z.enum(LEDGER_KINDS, { error: `The kind is one of ${LEDGER_KINDS.join(", ")}.` }).optional()),
    },
    UNKNOWN,
  )
  .refine(rangeInOrder, RANGE_ERROR);

export const statementSchema = z
  .strictObject({ ...common, format: z.preprocess(blankToUndefined, z.enum(["csv", "json"], { error: "The format is csv or json." }).default("json")) }, UNKNOWN)
  .refine(rangeInOrder, RANGE_ERROR);

export type WithdrawExportFilters = z.output<typeof withdrawExportSchema>;
export type LedgerExportFilters = z.output<typeof ledgerExportSchema>;
export type StatementFilters = z.output<typeof statementSchema>;

/** The filters as recorded in the audit and named in the file: only what was asked. */
export function describeFilters(filters: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && key !== "bom") out[key] = String(value);
  }
  return out;
}
