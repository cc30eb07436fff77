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

// The fixed messages for filter mistakes: the API sends them, and a refused dashboard download comes back to
// its form with the code of one of them (lib/export/refusals.ts), never with text from the URL.
export const FILTER_MESSAGES = {
  format_invalid: "The format is csv or jsonl.",
  statement_format_invalid: "The format is csv or json.",
  date_invalid: "Use a date like 2026-10-31.",
  range_reversed: "The start date is after the end date.",
  time_zone_unknown: "Unknown time zone: use an IANA name such as Europe/Berlin or UTC.",
  bom_invalid: "bom is true or false.",
  status_invalid: `The status is one of ${WITHDRAW_STATUSES.join(", ")}.`,
  currency_invalid: `The currency is one of ${CURRENCIES.join(", ")}.`,
  kind_invalid: `The kind is one of ${LEDGER_KINDS.join(", ")}.`,
} as const;

// An empty form field means "no filter", as it does in the query string a GET form sends.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const date = z.preprocess(blankToUndefined, z.iso.date({ error: FILTER_MESSAGES.date_invalid }).optional());

const common = {
  format: z.preprocess(blankToUndefined, z.enum(EXPORT_FORMATS, { error: FILTER_MESSAGES.format_invalid }).default("csv")),
  from: date,
  to: date,
  tz: z.preprocess(
    blankToUndefined,
    z.string().max(64).refine(isTimeZone, FILTER_MESSAGES.time_zone_unknown).default("UTC"),
  ),
  // A byte order mark, so Excel reads the file as UTF-8.
  bom: z.preprocess(blankToUndefined, z.enum(["true", "false"], { error: FILTER_MESSAGES.bom_invalid }).default("false")).transform((v) => v === "true"),
};

function rangeInOrder(value: { from?: string; to?: string }): boolean {
  return !value.from || !value.to || value.from <= value.to;
}
const RANGE_ERROR = { error: FILTER_MESSAGES.range_reversed, path: ["to"] };
const UNKNOWN = { error: (issue: { code?: string; keys?: string[] }) => (issue.code === "unrecognized_keys" ? `Unknown filter: ${issue.keys?.join(", ")}.` : undefined) };

export const withdrawExportSchema = z
  .strictObject(
    {
      ...common,
      status: z.preprocess(blankToUndefined, z.enum(WITHDRAW_STATUSES, { error: FILTER_MESSAGES.status_invalid }).optional()),
      currency: z.preprocess(blankToUndefined, z.enum(CURRENCIES, { error: FILTER_MESSAGES.currency_invalid }).optional()),
    },
    UNKNOWN,
  )
  .refine(rangeInOrder, RANGE_ERROR);

export const ledgerExportSchema = z
  .strictObject(
    {
      ...common,
      kind: z.preprocess(blankToUndefined, z.enum(LEDGER_KINDS, { error: FILTER_MESSAGES.kind_invalid }).optional()),
    },
    UNKNOWN,
  )
  .refine(rangeInOrder, RANGE_ERROR);

export const statementSchema = z
  .strictObject({ ...common, format: z.preprocess(blankToUndefined, z.enum(["csv", "json"], { error: FILTER_MESSAGES.statement_format_invalid }).default("json")) }, UNKNOWN)
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
