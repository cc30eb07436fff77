// Calendar days in a time zone → instants, on the days that make it hard: clocks that skip midnight (so the
// day begins at 01:00), clocks that repeat midnight (the day begins at the first one), half-hour shifts, and
// zones without daylight saving. Every instant below was read off the zone database (tzdata 2025c) by
// walking the zone's wall clock around the change, not computed by the code under test.
import { describe, expect, it } from "vitest";
import { dateRange, isTimeZone, nextDate, startOfDay } from "@/lib/export/zoned-time";

const MINUTE = 60_000;

describe("the instant a calendar day begins, and the next one", () => {
  // zone, date, its first instant, the first instant of the next date, the day's length in minutes
  it.each([
    ["UTC", "2026-11-01", "2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z", 1440],
    ["Asia/Kolkata", "2026-01-15", "2026-01-14T18:30:00.000Z", "2026-01-15T18:30:00.000Z", 1440],
    ["Pacific/Chatham", "2026-01-15", "2026-01-14T10:15:00.000Z", "2026-01-15T10:15:00.000Z", 1440],
    ["Europe/Berlin", "2026-07-01", "2026-06-30T22:00:00.000Z", "2026-07-01T22:00:00.000Z", 1440],
    // Clocks skip 00:00–00:59 (−04 → −03): the day begins at 01:00 −03, not at 23:00 of the day before.
    ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z", 1380],
    ["America/Santiago", "2026-09-05", "2026-09-05T04:00:00.000Z", "2026-09-06T04:00:00.000Z", 1440],
    // Clocks go from 00:00 −03 back to 23:00 −04: Saturday has 25 hours, Sunday begins at its only midnight.
    ["America/Santiago", "2026-04-04", "2026-04-04T03:00:00.000Z", "2026-04-05T04:00:00.000Z", 1500],
    ["America/Santiago", "2026-04-05", "2026-04-05T04:00:00.000Z", "2026-04-06T04:00:00.000Z", 1440],
    // Brazil's last years of daylight saving started at midnight too.
    ["America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00.000Z", "2018-11-05T02:00:00.000Z", 1380],
    ["America/Sao_Paulo", "2019-02-16", "2019-02-16T02:00:00.000Z", "2019-02-17T03:00:00.000Z", 1500],
    // Cuba skips midnight in March and repeats it in November: the day begins at the first 00:00 (−04).
    ["America/Havana", "2026-03-08", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 1380],
    ["America/Havana", "2026-11-01", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 1500],
    // Europe changes at 01:00 UTC, after local midnight.
    ["Europe/London", "2026-03-29", "2026-03-29T00:00:00.000Z", "2026-03-29T23:00:00.000Z", 1380],
    ["Europe/London", "2026-10-25", "2026-10-24T23:00:00.000Z", "2026-10-26T00:00:00.000Z", 1500],
    ["Europe/Berlin", "2026-03-29", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", 1380],
    ["Europe/Berlin", "2026-10-25", "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 1500],
    // The United States change at 02:00 local; 01:00–01:59 happens twice on November 1st.
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 1380],
    ["America/New_York", "2026-11-01", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 1500],
    // Lord Howe Island moves its clocks by 30 minutes (+10:30 ↔ +11).
    ["Australia/Lord_Howe", "2026-10-04", "2026-10-03T13:30:00.000Z", "2026-10-04T13:00:00.000Z", 1410],
    ["Australia/Lord_Howe", "2026-04-05", "2026-04-04T13:00:00.000Z", "2026-04-05T13:30:00.000Z", 1470],
    // Liberia left its mean time (−00:44:30) for UTC at what would have been midnight: the day began at 00:44:30.
    ["Africa/Monrovia", "1971-06-01", "1971-06-01T00:44:30.000Z", "1971-06-02T00:44:30.000Z", 1440],
    ["Africa/Monrovia", "1972-01-07", "1972-01-07T00:44:30.000Z", "1972-01-08T00:00:00.000Z", 1395.5],
    // Samoa skipped December 30th, 2011 (−10 → +14): the day is empty, it begins where the 31st does.
    ["Pacific/Apia", "2011-12-30", "2011-12-30T10:00:00.000Z", "2011-12-30T10:00:00.000Z", 0],
    ["UTC", "0001-01-01", "0001-01-01T00:00:00.000Z", "0001-01-02T00:00:00.000Z", 1440],
  ])("%s: %s begins at %s, the next day at %s (%d minutes)", (zone, date, start, next, minutes) => {
    expect(startOfDay(date, zone).toISOString()).toBe(start);
    expect(startOfDay(nextDate(date), zone).toISOString()).toBe(next);
    const range = dateRange({ from: date, to: date, tz: zone });
    expect([range.start?.toISOString(), range.end?.toISOString()]).toEqual([start, next]);
    expect((Date.parse(next) - Date.parse(start)) / MINUTE).toBe(minutes);
  });

  // The server's own zone plays no part: these hosts change their clocks on the same nights as the zones asked.
  it.each(["Australia/Lord_Howe", "America/Santiago", "America/Sao_Paulo"])("gives the same instants on a host whose zone is %s", (host) => {
    const saved = process.env.TZ;
    process.env.TZ = host;
    try {
      expect(new Date(2026, 3, 5).getTimezoneOffset()).not.toBe(0); // the host zone did change
      expect(startOfDay("2026-04-05", "America/Santiago").toISOString()).toBe("2026-04-05T04:00:00.000Z");
      expect(startOfDay("2026-04-05", "Australia/Lord_Howe").toISOString()).toBe("2026-04-04T13:00:00.000Z");
      expect(startOfDay("2016-08-14", "America/Sao_Paulo").toISOString()).toBe("2016-08-14T03:00:00.000Z");
      expect(startOfDay("2018-11-04", "America/Havana").toISOString()).toBe("2018-11-04T04:00:00.000Z");
      expect(startOfDay("2026-09-06", "America/Santiago").toISOString()).toBe("2026-09-06T04:00:00.000Z");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  // Every day of 2016–2030 in zones that skip or repeat midnight, or shift by half an hour: the first instant
  // reads as that date on the zone's wall clock, and the millisecond before it as the date before. Intl's
  // formatter is the judge, independent of how the start was found.
  it.each(["America/Santiago", "America/Sao_Paulo", "America/Havana", "Australia/Lord_Howe"])(
    "every day of 2016–2030 in %s begins at the first millisecond of its wall-clock date",
    (zone) => {
      const format = new Intl.DateTimeFormat("en-CA", { timeZone: zone });
      const wrong: string[] = [];
      for (let day = Date.UTC(2016, 0, 1); day <= Date.UTC(2030, 11, 31); day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        const start = startOfDay(date, zone).getTime();
        if (format.format(start) !== date || format.format(start - 1) !== new Date(day - 86_400_000).toISOString().slice(0, 10)) wrong.push(date);
      }
      expect(wrong).toEqual([]);
    },
  );
});

describe("dates", () => {
  it.each([
    ["2026-10-31", "2026-11-01"],
    ["2026-12-31", "2027-01-01"],
    ["2026-02-28", "2026-03-01"],
    ["2028-02-28", "2028-02-29"],
    ["2028-02-29", "2028-03-01"],
  ])("the day after %s is %s", (date, next) => {
    expect(nextDate(date)).toBe(next);
  });

  it("turns inclusive days into a half-open interval, the last day whole", () => {
    const { start, end } = dateRange({ from: "2026-10-01", to: "2026-10-31", tz: "Europe/Berlin" });
    expect(start?.toISOString()).toBe("2026-09-30T22:00:00.000Z");
    // October 25th has 25 hours in Berlin; the interval still ends at local midnight of November 1st.
    expect(end?.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect(dateRange({ from: "2026-09-01", tz: "America/Santiago" })).toEqual({ start: new Date("2026-09-01T04:00:00.000Z"), end: undefined });
    expect(dateRange({ to: "2026-09-05", tz: "America/Santiago" })).toEqual({ start: undefined, end: new Date("2026-09-06T04:00:00.000Z") });
    expect(dateRange({ tz: "UTC" })).toEqual({ start: undefined, end: undefined });
  });

  it("knows IANA zone names and nothing else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("America/Santiago")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
