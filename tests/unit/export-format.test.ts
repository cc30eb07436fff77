// The pieces of an export file that need no database: CSV cells (RFC 4180, OWASP formula neutralisation) and
// calendar days in a time zone.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLines } from "@/lib/export/csv";
import { dateRange, isTimeZone, startOfDay } from "@/lib/export/zoned-time";

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

describe("calendar days in a time zone", () => {
  it.each([
    ["2026-11-01", "UTC", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01", "Europe/Berlin", "2026-10-31T23:00:00.000Z"],
    ["2026-07-01", "Europe/Berlin", "2026-06-30T22:00:00.000Z"],
    // The day the clocks change: midnight is still before the change.
    ["2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00.000Z"],
    ["2026-03-30", "Europe/Berlin", "2026-03-29T22:00:00.000Z"],
    ["2026-03-08", "America/New_York", "2026-03-08T05:00:00.000Z"],
    ["2026-03-09", "America/New_York", "2026-03-09T04:00:00.000Z"],
    ["2026-01-15", "Asia/Kolkata", "2026-01-14T18:30:00.000Z"],
    ["2026-01-15", "Pacific/Chatham", "2026-01-14T10:15:00.000Z"],
  ])("%s begins in %s at %s", (date, zone, instant) => {
    expect(startOfDay(date, zone).toISOString()).toBe(instant);
  });

  it("turns inclusive days into a half-open interval, the last day whole", () => {
    const { start, end } = dateRange({ from: "2026-10-01", to: "2026-10-31", tz: "Europe/Berlin" });
    expect(start?.toISOString()).toBe("2026-09-30T22:00:00.000Z");
    // October 25th has 25 hours in Berlin; the interval still ends at local midnight of November 1st.
    expect(end?.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect(dateRange({ tz: "UTC" })).toEqual({ start: undefined, end: undefined });
  });

  it("knows IANA zone names and nothing else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
