// RFC 4180 CSV (CRLF line ends, quotes doubled, fields with a comma, quote, CR or LF quoted) with spreadsheet
// formula injection neutralised as OWASP recommends: a text cell starting with =, +, -, @, tab or carriage
// return gets a leading apostrophe. Amounts are bigint cells and are written as plain integers, so a
// negative ledger movement stays a number a spreadsheet can sum (a bare integer cannot carry a formula).
import { stringify } from "csv-stringify/sync";

export type Cell = string | bigint | boolean | null | Record<string, unknown>;

const OPTIONS = {
  escape_formulas: true,
  record_delimiter: "windows",
  quoted_match: /[\r\n]/,
  cast: {
    bigint: (value: bigint) => value.toString(),
    boolean: (value: boolean) => (value ? "true" : "false"),
    object: (value: object) => JSON.stringify(value),
  },
} as const;

export function csvLines(rows: Cell[][]): string {
  // csv-stringify writes null as an empty field.
  return stringify(rows, OPTIONS);
}

/** The byte order mark Excel needs to read a CSV file as UTF-8. */
export const UTF8_BOM = "\uFEFF";
