// Calendar dates in a time zone → exact UTC instants, with the zone database of Intl (no dependency). A date
// range "from 2026-10-01 to 2026-10-31 in Europe/Berlin" is [local midnight of the 1st, local midnight of
// November 1st), whatever the daylight-saving changes in between.

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
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant a calendar date (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string): Date {
  const wallMidnight = Date.parse(`${date}T00:00:00.000Z`);
  // Two rounds: the offset at the first guess may differ from the one at the answer across a DST change.
  const guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  return new Date(wallMidnight - offsetAt(guess, timeZone));
}

/** The calendar date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Inclusive calendar dates in a zone → a half-open interval of instants [start, end). */
export function dateRange(range: { from?: string; to?: string; tz: string }): { start?: Date; end?: Date } {
  return {
    start: range.from ? startOfDay(range.from, range.tz) : undefined,
    end: range.to ? startOfDay(nextDate(range.to), range.tz) : undefined,
  };
}
