// Calendar dates in a time zone → exact UTC instants, with the zone database of Intl read through Temporal
// (temporal-polyfill: Node 20 has no Temporal of its own). A date range "from 2026-10-01 to 2026-10-31 in
// Europe/Berlin" is [the first instant of the 1st, the first instant of November 1st), whatever the
// daylight-saving changes in between.
//
// A day begins at its first midnight; where the clocks skip midnight (America/Santiago jumps from 23:59:59
// to 01:00 on the first Sunday of September) it begins at the change itself, which is what Temporal's
// PlainDate → ZonedDateTime gives. Nothing here reads the server's own time zone: a statement must not change
// with the TZ of the machine that makes it. (@date-fns/tz was weighed and not used: its TZDate builds a wall
// time through the host's local Date and answers differently by host zone, e.g. America/Santiago's
// 2026-04-05 as 03:30Z on a host in Australia/Lord_Howe; and its tzOffset reads an offset such as -00:44:30
// as positive.)
import { Temporal } from "temporal-polyfill";

const DAY = 86_400_000;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The instant a calendar date (YYYY-MM-DD) begins in `timeZone`: its first midnight, or the change that skips it. */
export function startOfDay(date: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** The calendar date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10);
}

/** Inclusive calendar dates in a zone → a half-open interval of instants [start, end). */
export function dateRange(range: { from?: string; to?: string; tz: string }): { start?: Date; end?: Date } {
  return {
    start: range.from ? startOfDay(range.from, range.tz) : undefined,
    end: range.to ? startOfDay(nextDate(range.to), range.tz) : undefined,
  };
}
