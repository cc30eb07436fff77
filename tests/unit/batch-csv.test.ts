// The batch file parser: row numbers as a person sees them (header = row 1), UTF-8 with or without BOM,
// CRLF or LF, quoted fields, the same rules as a single withdraw, and the limits.
import { describe, expect, it } from "vitest";
import { parseBatchCsv } from "@/lib/batches/parse-batch-csv";
import { BatchRowsError } from "@/lib/batches/row-errors";
import { MAX_BATCH_ROWS, MAX_BATCH_FILE_BYTES, MAX_LISTED_ROW_ERRORS } from "@/lib/batches/rules";
import { decodeBatchFile } from "@/lib/batches/decode-batch-file";
import { SAMPLE_BATCH_CSV } from "@/lib/batches/sample-csv";
import { TTL_DEFAULT_SECONDS, TTL_MAX_SECONDS } from "@/lib/withdraws/rules";
import { appErrorOf } from "../support/app-errors";

const HEADER = "amount,currency,ttl,descriptor";

function errorsOf(text: string) {
  const parsed = parseBatchCsv(text);
  expect(parsed.rows).toEqual([]);
  return parsed.errors;
}

describe("parseBatchCsv: good files", () => {
  it.each([
    ["LF", `${HEADER}\n10,SATS,600,First\n2.50,USD,,Second\n`],
    ["CRLF", `${HEADER}\r\n10,SATS,600,First\r\n2.50,USD,,Second\r\n`],
    ["BOM and CRLF", `\uFEFF${HEADER}\r\n10,SATS,600,First\r\n2.50,USD,,Second`],
    ["quoted fields", `"amount","currency","ttl","descriptor"\n"10","SATS","600","First"\n"2.50","USD","","Second"\n`],
  ])("reads %s the same way", (_name, text) => {
    const { rows, errors } = parseBatchCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, data: { amount: "10", currency: "SATS", ttl: 600, statement_descriptor: "First" } },
      { row: 3, data: { amount: "2.50", currency: "USD", ttl: TTL_DEFAULT_SECONDS, statement_descriptor: "Second" } },
    ]);
  });

  it("keeps commas, doubled quotes and line breaks inside quoted descriptors, and counts a multi-line record as one row", () => {
    const text = `${HEADER}\n1,SATS,,"Meetup, table ""4"""\n2,SATS,,"two\nlines"\n3,SATS,,after\n`;
    const { rows, errors } = parseBatchCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.data.statement_descriptor])).toEqual([
      [2, 'Meetup, table "4"'],
      [3, "two\nlines"],
      [4, "after"],
    ]);
  });

  it("takes the columns in any order, any case, with ttl and descriptor left out", () => {
    const { rows, errors } = parseBatchCsv("Currency,AMOUNT\nSATS,5\nEUR,1.25\n");
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.data)).toEqual([
      { amount: "5", currency: "SATS", ttl: TTL_DEFAULT_SECONDS },
      { amount: "1.25", currency: "EUR", ttl: TTL_DEFAULT_SECONDS },
    ]);
  });

  it("skips blank lines and rows of empty cells but still counts them as rows, and takes short rows", () => {
    const { rows, errors } = parseBatchCsv(`${HEADER}\n\n1,SATS\n,,,\n2,SATS,,\n`);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.data.amount])).toEqual([
      [3, "1"],
      [5, "2"],
    ]);
  });

  it("reads the sample file offered on the upload page", () => {
    const { rows, errors } = parseBatchCsv(SAMPLE_BATCH_CSV);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.data.currency)).toEqual(["SATS", "USD", "BTC"]);
    expect(rows[2].data.statement_descriptor).toBe("Meetup, table 4");
    // The sample shows a range too, and leaves the minimum empty elsewhere.
    expect(rows.map((r) => r.data.min_amount)).toEqual(["500", undefined, undefined]);
  });

  it("reads an optional min_amount column: a range for the rows that fill it, a fixed amount for the rest", () => {
    const { rows, errors } = parseBatchCsv("amount,currency,min_amount\n5000,SATS,1000\n2.50,USD,\n10,EUR,10\n");
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.data.amount, r.data.min_amount])).toEqual([
      [2, "5000", "1000"],
      [3, "2.50", undefined],
      [4, "10", "10"],
    ]);
  });
});

describe("parseBatchCsv: a bad min_amount is named by its row and column", () => {
  it.each([
    ["above the amount", "1000,SATS,1000.5", /min_amount \(1000\.5 SATS\) is above amount \(1000 SATS\)/],
    ["zero", "1000,SATS,0", /min_amount must be greater than zero/],
    ["not a number", "1000,SATS,lots", /min_amount must be a decimal number/],
    ["with more places than the currency has", "10,USD,1.001", /min_amount: USD amounts have at most 2 decimal places/],
  ])("refuses a min_amount %s", (_what, line, message) => {
    expect(errorsOf(`amount,currency,min_amount\n${line}\n`)).toEqual([{ row: 2, column: "min_amount", message: expect.stringMatching(message) }]);
  });

  it("names only the amount when the amount itself is bad", () => {
    expect(errorsOf("amount,currency,min_amount\nabc,SATS,5\n")).toEqual([{ row: 2, column: "amount", message: expect.stringMatching(/decimal number/) }]);
  });
});

describe("parseBatchCsv: bad rows are named by row and column", () => {
  it("reports every bad row of the file, and accepts none of it", () => {
    const text = [
      HEADER,
      "10,SATS,600,ok", // 2
      "1,SATS,600,ok,extra", // 3: a fifth field
      "abc,SATS,,", // 4
      "1,DOGE,,", // 5
      "1,SATS,179,", // 6
      `1,SATS,${TTL_MAX_SECONDS + 1},`, // 7
      `1,SATS,,${"x".repeat(141)}`, // 8
      "1.123456,USD,,", // 9
      "-5,SATS,,", // 10
      ",SATS,,", // 11
      "1,SATS,ten,", // 12
      "1e3,SATS,,", // 13
    ].join("\n");
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, null],
      [4, "amount"],
      [5, "currency"],
      [6, "ttl"],
      [7, "ttl"],
      [8, "descriptor"],
      [9, "amount"],
      [10, "amount"],
      [11, "amount"],
      [12, "ttl"],
      [13, "amount"],
    ]);
    const message = (row: number) => errors.find((e) => e.row === row)!.message;
    expect(message(3)).toMatch(/5 fields but the header names only 4 columns/);
    expect(message(5)).toMatch(/SATS, BTC, USD, EUR/);
    expect(message(6)).toMatch(/at least 180 seconds/);
    expect(message(7)).toMatch(/at most .* seconds/);
    expect(message(8)).toMatch(/at most 140 characters/);
    expect(message(9)).toMatch(/decimal/i);
    expect(message(11)).toBe("Amount is required.");
    expect(message(12)).toMatch(/whole number of seconds/);
    expect(message(13)).toMatch(/exponent/);
  });

  it("lists two problems of one row separately", () => {
    expect(errorsOf(`${HEADER}\n1,SATS,,ok\nabc,SATS,5,\n`)).toEqual([
      { row: 3, column: "ttl", message: expect.stringMatching(/at least 180/) },
      { row: 3, column: "amount", message: expect.stringMatching(/decimal number/) },
    ]);
  });

  it("numbers rows after a multi-line quoted field as a spreadsheet does", () => {
    const errors = errorsOf(`${HEADER}\n1,SATS,,"a\nb\nc"\nbad,SATS,,\n`);
    expect(errors).toEqual([{ row: 3, column: "amount", message: expect.any(String) }]);
  });

  it.each([
    ["an unclosed quote", `${HEADER}\n1,SATS,,ok\n2,SATS,,"never closed\n3,SATS,,\n`, 3, /never closed/],
    ["text after a closing quote", `${HEADER}\n1,SATS,,ok\n1,SATS,,"a"b\n`, 3, /closing quote/],
    ["a quote inside an unquoted field", `${HEADER}\n1,SATS,,ok\n1,SA"TS,,\n`, 3, /quote/],
  ])("names the row of %s", (_name, text, row, message) => {
    const errors = errorsOf(text);
    expect(errors.at(-1)).toEqual({ row, column: null, message: expect.stringMatching(message) });
  });

  it("reports bytes that are not UTF-8 in their cell", () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n1,SATS,,Caf`), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(errorsOf(decodeBatchFile(bytes))).toEqual([{ row: 2, column: "descriptor", message: expect.stringMatching(/not UTF-8/) }]);
  });
});

describe("parseBatchCsv: the header and the file as a whole", () => {
  it.each([
    ["an empty file", "", /header/],
    ["a file of blank lines", "\n\n", /header/],
    ["a BOM only", "\uFEFF", /header/],
  ])("refuses %s on row 1", (_name, text, message) => {
    expect(errorsOf(text)).toEqual([{ row: 1, column: null, message: expect.stringMatching(message) }]);
  });

  it("refuses a header without the required columns, with unknown or repeated columns", () => {
    expect(errorsOf("10,SATS\n5,SATS\n").map((e) => e.column)).toEqual(["10", "SATS", "amount", "currency"]);
    expect(errorsOf("amount,currency,memo\n1,SATS,x\n")).toEqual([{ row: 1, column: "memo", message: expect.stringMatching(/Unknown column "memo"/) }]);
    expect(errorsOf("amount,currency,amount\n1,SATS,2\n")).toEqual([{ row: 1, column: "amount", message: expect.stringMatching(/twice/) }]);
  });

  it("refuses a header with no rows below it", () => {
    expect(errorsOf(`${HEADER}\r\n`)).toEqual([{ row: 2, column: null, message: expect.stringMatching(/no withdraws/) }]);
  });

  it(`takes ${MAX_BATCH_ROWS} rows and refuses the row after them`, () => {
    const full = `${HEADER}\n${"1,SATS,,\n".repeat(MAX_BATCH_ROWS)}`;
    expect(parseBatchCsv(full).rows).toHaveLength(MAX_BATCH_ROWS);
    const errors = errorsOf(`${full}\n1,SATS,,\n`);
    expect(errors).toEqual([{ row: MAX_BATCH_ROWS + 3, column: null, message: expect.stringMatching(/at most 1000 withdraws/) }]);
  });

  it(`refuses a file over ${MAX_BATCH_FILE_BYTES / 1024} KB before reading it`, () => {
    expect(decodeBatchFile(new Uint8Array(MAX_BATCH_FILE_BYTES))).toHaveLength(MAX_BATCH_FILE_BYTES);
    const error = appErrorOf(() => decodeBatchFile(new Uint8Array(MAX_BATCH_FILE_BYTES + 1)));
    expect(error.code).toBe("body_too_large");
    expect(error.message).toMatch(/64 KB/);
  });

  it("sorts the errors by row, counts rows in the message and lists at most the first ones", () => {
    const error = new BatchRowsError([
      { row: 5, column: "amount", message: "b" },
      { row: 2, column: "ttl", message: "a" },
      { row: 5, column: "ttl", message: "c" },
    ]);
    expect(error.code).toBe("batch_invalid");
    expect(error.errors.map((e) => e.row)).toEqual([2, 5, 5]);
    expect(error.message).toMatch(/^2 rows have errors; nothing was created/);
    const many = new BatchRowsError(Array.from({ length: MAX_LISTED_ROW_ERRORS + 5 }, (_, i) => ({ row: i + 2, column: null, message: "x" })));
    expect(many.errors).toHaveLength(MAX_LISTED_ROW_ERRORS);
    expect(many.message).toMatch(new RegExp(`first ${MAX_LISTED_ROW_ERRORS} of ${MAX_LISTED_ROW_ERRORS + 5} errors`));
  });
});
