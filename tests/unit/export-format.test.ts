// The pieces of an export file that need no database: CSV cells (RFC 4180, OWASP formula neutralisation).
// Calendar days in a time zone are in zoned-time.test.ts.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLines } from "@/lib/export/csv";

describe("CSV cells", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+41 79 000 00 00", "'+41 79 000 00 00"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tindented", "'\tindented"],
    ["\rreturn", `"'\rreturn"`],
    ["＝1+1", "'＝1+1"],
    ["a=1", "a=1"],
    ["plain", "plain"],
    ["", ""],
  ])("writes the text %j as %j", (text, written) => {
    expect(csvLines([[text]])).toBe(`${written}\r\n`);
  });

  it("writes amounts as plain integers, negative ones too, so a spreadsheet can sum them", () => {
    expect(csvLines([[-21_000_000n, 0n, 2_100_000_000_000_000_000n]])).toBe("-21000000,0,2100000000000000000\r\n");
  });

  it("quotes per RFC 4180 and a parser reads back exactly what was written", () => {
    const row = ['say "hi"', "a,b", "two\nlines", "cr\rinside", "Zürich ☕", null, true, { order: "A-1" }];
    const text = csvLines([row]);
    expect(text).toBe('"say ""hi""","a,b","two\nlines","cr\rinside",Zürich ☕,,true,"{""order"":""A-1""}"\r\n');
    expect(parse(text)).toEqual([['say "hi"', "a,b", "two\nlines", "cr\rinside", "Zürich ☕", "", "true", '{"order":"A-1"}']]);
  });
});
