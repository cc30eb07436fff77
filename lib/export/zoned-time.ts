// Calendar dates in a time zone → exact UTC instants, with the zone database of Intl. A date range "from
// 2026-10-01 to 2026-10-31 in Europe/Berlin" is [the first instant of the 1st, the first instant of November
// 1st), whatever the daylight-saving changes in between.
//
// A day begins at its first midnight; where the clocks skip midnight (America/Santiago jumps from 23:59:59
// to 01:00 on the first Sunday of September) it begins at the change itself. That is Temporal's startOfDay,
// which Node 20 does not have. Nothing here reads the server's own time zone: a statement must not change
// with the TZ of the machine that makes it. (@date-fns/tz was weighed and not used: its TZDate builds a wall
// time through the host's local Date and answers differently by host zone, e.g. America/Santiago's
// 2026-04-05 as 03:30Z on a host in Australia/Lord_Howe; and its tzOffset reads an offset such as -00:44:30
// as positive.)

const DAY = 86_400_000;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The zone's wall clock at `instant`, read as if it were UTC, to the millisecond. */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const year = parts.era === "BC" ? 1 - Number(parts.year) : Number(parts.year); // 1 BC is year 0
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), ((instant % 1000) + 1000) % 1000);
  return wall.getTime();
}

/** The instant a calendar date (YYYY-MM-DD) begins in `timeZone`: its first midnight, or the change that skips it. */
export function startOfDay(date: string, timeZone: string): Date {
  const midnight = Date.parse(`${date}T00:00:00.000Z`);
  // The offsets a day either side; midnight falls at most between these two (zones change at most once in 48 h).
  const before = wallClock(midnight - DAY, timeZone) - (midnight - DAY);
  const after = wallClock(midnight + DAY, timeZone) - (midnight + DAY);
  // Where the clocks go back over midnight, both readings exist; the earlier is the day's first.
  const readings = [midnight - before, midnight - after].filter((t) => wallClock(t, timeZone) === midnight);
  if (readings.length > 0) return new Date(Math.min(...readings));
  // Midnight is skipped: the day begins at the change, the first instant whose wall clock reads past
  // midnight. It lies after the instant midnight would have had under the later offset (the clock still read
  // the day before then) and at or before the one under the earlier offset.
  let low = midnight - after;
  let high = midnight - before;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (wallClock(mid, timeZone) >= midnight) high = mid;
    else low = mid;
  }
  return new Date(high);
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
