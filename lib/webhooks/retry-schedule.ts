// When a failed delivery is tried again: after 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h and 24 h (nine
// attempts over about 2 days and 19 hours), each delay stretched by up to 10 % of random jitter so that
// deliveries that failed together do not all come back at the same moment. After the last one it gives up.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 24 * HOUR, 24 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.1;

/** The time of the next try after `attempts` failed tries, or null once the schedule is used up. */
export function nextAttemptAt(attempts: number, now: Date, random: () => number = Math.random): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return new Date(now.getTime() + Math.round(delay * (1 + JITTER * random())));
}
